package io.dlog.chaos;

import io.dlog.protocol.DLSN;
import io.dlog.protocol.InvalidArgumentException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The final full read of each log, one file {@code final-<reader>-<log>.tsv} per log and reader, one
 * {@code dlsn txid payload} line per record. Stateless.
 */
public final class FinalLogFile {

    private static final String PREFIX = "final-";
    private static final String SUFFIX = ".tsv";

    private FinalLogFile() {
    }

    /** Writes one reader's full read of one log. */
    public static void write(Path dir, int reader, String log, List<FinalRecord> records) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(PREFIX + reader + "-" + log + SUFFIX),
                StandardCharsets.UTF_8)) {
            for (FinalRecord r : records) {
                out.write(r.dlsn() + "\t" + r.txid() + "\t" + r.payload() + "\n");
            }
        }
    }

    /**
     * Reads every final read in a directory.
     *
     * @return per log, the reads of each reader in reader order
     */
    public static Map<String, List<List<FinalRecord>>> readAll(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            stream.forEach(files::add);
        }
        files.sort(null);
        Map<String, List<List<FinalRecord>>> byLog = new TreeMap<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            String rest = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
            String log = rest.substring(rest.indexOf('-') + 1);
            byLog.computeIfAbsent(log, k -> new ArrayList<>()).add(read(file));
        }
        return byLog;
    }

    private static List<FinalRecord> read(Path file) throws IOException {
        List<FinalRecord> records = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", 3);
            try {
                records.add(new FinalRecord(DLSN.parse(f[0]), Long.parseLong(f[1]), f[2]));
            } catch (InvalidArgumentException | RuntimeException e) {
                throw new IOException(file + ": bad line '" + line + "'", e);
            }
        }
        return records;
    }
}
