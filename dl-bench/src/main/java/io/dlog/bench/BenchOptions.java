package io.dlog.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command line of {@link BenchMain}: {@code compare [--smoke|--quick|--full|--logs] [--systems a,b] [--fsync true|false]
 * [--storage disk|memory] [--out file.json] [--no-fork]}. Immutable.
 *
 * @param mode    smoke, quick (default) or full
 * @param systems the systems, in run order
 * @param fsync   whether bookies fsync their journal before acknowledging
 * @param storage where the bookies keep journals and ledgers: {@code disk} (the temporary directory) or
 *                {@code memory} (a tmpfs, {@code /dev/shm}), which takes the shared disk out of the comparison
 * @param out     the JSON file, or null for {@code <outputDir>/bench-<timestamp>.json}
 * @param fork    whether to re-launch in a JVM with the benchmark flags when run inside Maven
 * @param rounds  runs of each system per workload (order rotating; the median is reported); 0 = the mode's
 * @param only    run only the workloads whose id starts with one of these comma-separated prefixes (e.g.
 *                {@code write-1x1024,write-100x}), or null for all
 * @param cluster where the bookies and ZooKeeper run: {@code child} (a child JVM, the default: the client's CPU
 *                time is then the system's own) or {@code jvm} (inside the benchmark's JVM)
 */
record BenchOptions(String mode, List<String> systems, boolean fsync, String storage, Path out, boolean fork,
                    int rounds, String only, String cluster) {

    static final List<String> ALL_SYSTEMS = List.of("dl", "dlog", "bk-batched", "bk-entry");
    /** Systems run only when named in --systems. */
    static final List<String> OPTIONAL_SYSTEMS = List.of("dlog-proxy", "dlog-v3", "bk-batched-v2");

    static final String USAGE = "usage: compare [--smoke|--quick|--full|--logs] [--systems dl,dlog,bk-batched,bk-entry]"
            + " [--fsync true|false] [--storage disk|memory] [--rounds n] [--only workload-id-prefix] [--cluster child|jvm] [--out file.json] [--no-fork]";

    static BenchOptions parse(String[] args) {
        if (args.length == 0 || !args[0].equals("compare")) {
            throw new IllegalArgumentException(USAGE);
        }
        String mode = "quick";
        List<String> systems = ALL_SYSTEMS;
        boolean fsync = true;
        String storage = "disk";
        Path out = null;
        boolean fork = true;
        int rounds = 0;
        String only = null;
        String cluster = "child";
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke": mode = "smoke"; break;
                case "--quick": mode = "quick"; break;
                case "--full": mode = "full"; break;
                case "--logs": mode = "logs"; break;
                case "--no-fork": fork = false; break;
                case "--systems": systems = systems(value(args, ++i)); break;
                case "--fsync": fsync = Boolean.parseBoolean(value(args, ++i)); break;
                case "--storage": storage = value(args, ++i); break;
                case "--out": out = Path.of(value(args, ++i)); break;
                case "--rounds": rounds = Integer.parseInt(value(args, ++i)); break;
                case "--only": only = value(args, ++i); break;
                case "--cluster": cluster = value(args, ++i); break;
                default: throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        if (rounds < 0) {
            throw new IllegalArgumentException("--rounds must be at least 1");
        }
        if (!storage.equals("disk") && !storage.equals("memory")) {
            throw new IllegalArgumentException("--storage must be disk or memory, not " + storage);
        }
        if (!cluster.equals("child") && !cluster.equals("jvm")) {
            throw new IllegalArgumentException("--cluster must be child or jvm, not " + cluster);
        }
        return new BenchOptions(mode, systems, fsync, storage, out, fork, rounds, only, cluster);
    }

    /** The rounds to run: as given, else 3 in full mode and 1 otherwise. */
    int effectiveRounds() {
        return rounds > 0 ? rounds : mode.equals("full") ? 3 : 1;
    }

    private static List<String> systems(String csv) {
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            String name = s.trim();
            if (!ALL_SYSTEMS.contains(name) && !OPTIONAL_SYSTEMS.contains(name)) {
                throw new IllegalArgumentException("unknown system " + name + " (one of " + ALL_SYSTEMS + ")");
            }
            out.add(name);
        }
        return List.copyOf(out);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("missing value after " + args[i - 1] + "\n" + USAGE);
        }
        return args[i];
    }
}
