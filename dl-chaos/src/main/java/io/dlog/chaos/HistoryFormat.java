package io.dlog.chaos;

import io.dlog.protocol.DLSN;
import io.dlog.protocol.InvalidArgumentException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The text form of histories: one file {@code history-<client>.tsv} per client process, one tab-separated event
 * per line: {@code kind monoNanos wallMillis log id dlsn txid actor code}, {@code -} for an absent field.
 * Stateless.
 *
 * <p>A client killed with {@code kill -9} may leave a torn last line; the parser skips a last line that does not
 * parse, since its event never completed (the client writes an invoke line before it calls {@code write}).
 */
public final class HistoryFormat {

    static final String PREFIX = "history-";
    static final String SUFFIX = ".tsv";
    private static final int FIELDS = 9;

    private HistoryFormat() {
    }

    /** The file name of a client's history. */
    public static String fileName(String client) {
        return PREFIX + client + SUFFIX;
    }

    /** Formats an event as one line, with its newline; the client is not written (it is the file's name). */
    public static String format(HistoryEvent e) {
        return e.kind() + "\t" + e.monoNanos() + "\t" + e.wallMillis() + "\t" + e.log() + "\t" + e.id() + "\t"
                + (e.dlsn() == null ? "-" : e.dlsn().toString()) + "\t" + e.txid() + "\t" + e.actor() + "\t"
                + e.code() + "\n";
    }

    /**
     * Parses one line.
     *
     * @throws IllegalArgumentException if the line is not an event
     */
    public static HistoryEvent parse(String client, String line) {
        String[] f = line.split("\t", -1);
        if (f.length != FIELDS) {
            throw new IllegalArgumentException("history line has " + f.length + " fields, not " + FIELDS + ": "
                    + line);
        }
        try {
            DLSN dlsn = f[5].equals("-") ? null : DLSN.parse(f[5]);
            return new HistoryEvent(HistoryEvent.Kind.valueOf(f[0]), client, Long.parseLong(f[1]),
                    Long.parseLong(f[2]), f[3], f[4], dlsn, Long.parseLong(f[6]), f[7], Integer.parseInt(f[8]));
        } catch (InvalidArgumentException e) {
            throw new IllegalArgumentException("bad DLSN in history line: " + line, e);
        }
    }

    /** Reads one client's file; a torn last line is skipped, a bad line elsewhere fails. */
    public static List<HistoryEvent> read(Path file) throws IOException {
        String name = file.getFileName().toString();
        String client = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<HistoryEvent> events = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                continue;
            }
            try {
                events.add(parse(client, line));
            } catch (IllegalArgumentException e) {
                if (i != lines.size() - 1) {
                    throw new IOException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
                }
            }
        }
        return events;
    }

    /** Reads every history file in a directory, file by file in name order (each file keeps its own order). */
    public static List<HistoryEvent> readAll(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            stream.forEach(files::add);
        }
        files.sort(null);
        List<HistoryEvent> all = new ArrayList<>();
        for (Path file : files) {
            all.addAll(read(file));
        }
        return all;
    }
}
