package io.dlog.bench;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Entry point: {@code compare [--smoke|--quick|--full]} starts one LocalCluster (3 bookies), runs every
 * workload against every system on it, prints a table per workload, and writes the JSON report.
 *
 * <p>Run by {@code mvn -pl dl-bench exec:java -Dexec.args="compare --quick"}, it re-launches itself in a JVM
 * with a fixed heap and BookKeeper's JVM flags (the {@code dlog.bench.jvmFlags} property the pom sets), so the
 * figures do not depend on Maven's JVM.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        String flags = System.getProperty("dlog.bench.jvmFlags");
        int rc = options.fork() && flags != null && !Boolean.getBoolean("dlog.bench.forked")
                ? fork(flags, args) : run(options, System.out);
        if (rc != 0) {
            System.exit(rc);
        }
    }

    /**
     * Runs the comparison in this JVM.
     *
     * @return 0, or 1 if a smoke run had a failed row
     */
    static int run(BenchOptions options, PrintStream out) throws Exception {
        List<Workload> workloads = BenchPlan.forMode(options.mode()).stream()
                .filter(w -> options.only() == null || java.util.Arrays.stream(options.only().split(","))
                        .anyMatch(prefix -> w.id().startsWith(prefix.trim()))).toList();
        SystemSettings settings = SystemSettings.defaults();
        Map<String, Object> env = environment(options);
        out.println("dl-bench compare --" + options.mode() + ": " + env);
        Map<Workload, List<Stats>> results;
        Map<Workload, Map<String, List<Stats>>> allRuns;
        Map<String, Map<String, String>> systemSettings = new LinkedHashMap<>();
        long begin = System.nanoTime();
        int recycles;
        try (BenchCluster cluster = BenchCluster.start(options.systems(), options.fsync(),
                options.storage().equals("memory"), options.cluster().equals("child"),
                BenchPlan.ledgerStorage(options.mode()), settings)) {
            env.put("cluster", cluster.describe());
            for (BenchSystem s : cluster.systems()) {
                systemSettings.put(s.name(), s.settings());
                out.println("  " + s.name() + ": " + s.settings());
            }
            out.println();
            BenchRunner runner = new BenchRunner(cluster, out);
            runner.warmUp(BenchPlan.warmUp(options.mode()));
            runner.run(workloads, options.effectiveRounds());
            results = runner.results();
            allRuns = runner.allRuns();
            recycles = cluster.recycles();
        }
        env.put("clusterRecycles", recycles);
        env.put("elapsedSeconds", (System.nanoTime() - begin) / 1_000_000_000L);
        env.put("loadAverageAtEnd", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        List<Targets.Check> checks = Targets.check(results);
        out.println("targets (ratios from this run):");
        for (Targets.Check c : checks) {
            out.println("  " + c.line());
        }
        Path json = options.out() != null ? options.out() : Path.of(System.getProperty("dlog.bench.outputDir",
                "target"), "bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + ".json");
        if (json.getParent() != null) {
            Files.createDirectories(json.getParent());
        }
        Files.writeString(json, JsonReport.render(options.mode(), env, systemSettings, results, checks),
                StandardCharsets.UTF_8);
        Path html = json.resolveSibling(json.getFileName().toString().replaceFirst("\\.json$", "") + ".html");
        Files.writeString(html, HtmlReport.render(options.mode(), env, results, allRuns), StandardCharsets.UTF_8);
        out.println("wrote " + json.toAbsolutePath() + " and " + html.getFileName() + " in "
                + env.get("elapsedSeconds") + " s");
        boolean failed = results.values().stream().flatMap(List::stream).anyMatch(s -> s.note().startsWith("failed"));
        return failed && options.mode().equals("smoke") ? 1 : 0;
    }

    static BenchSystem startSystem(String name, ClusterEndpoints cluster, SystemSettings settings)
            throws Exception {
        switch (name) {
            case "dl":
                return DistributedLogSystem.start(cluster.zkConnect(), cluster.ledgersRoot(),
                        "/dl-bench-dl", settings);
            case "dlog":
                return DlogSystem.start(cluster.namespaceUri("dl-bench-dlog"), settings);
            case "dlog-proxy":
                return DlogProxySystem.start(cluster.namespaceUri("dl-bench-dlog-proxy"), settings);
            case "bk-batched":
                return RawBookKeeperSystem.start(cluster.newClientConfiguration(), settings, true);
            case "dlog-v3":
                return DlogSystem.startV3(cluster.namespaceUri("dl-bench-dlog-v3"), settings);
            case "bk-batched-v2":
                return RawBookKeeperSystem.startV2(cluster.newClientConfiguration(), settings);
            case "bk-entry":
                return RawBookKeeperSystem.start(cluster.newClientConfiguration(), settings, false);
            default:
                throw new IllegalArgumentException("unknown system " + name);
        }
    }

    private static Map<String, Object> environment(BenchOptions options) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("date", LocalDateTime.now().toString());
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
        env.put("java", System.getProperty("java.version"));
        env.put("bookies", 3);
        env.put("bookieJournalFsync", options.fsync());
        env.put("bookieStorage", options.storage());
        env.put("ledgerStorage", BenchPlan.ledgerStorage(options.mode()));
        env.put("rounds", options.effectiveRounds());
        env.put("loadAverageAtStart", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return env;
    }

    private static int fork(String flags, String[] args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(flags.trim().split("\\s+")));
        cmd.add("-Ddlog.bench.forked=true");
        String outDir = System.getProperty("dlog.bench.outputDir");
        if (outDir != null) {
            cmd.add("-Ddlog.bench.outputDir=" + outDir);
        }
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add(BenchMain.class.getName());
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            throw e;
        }
    }

    /** The classpath this class was loaded with: exec:java's class realm, or the JVM's. */
    static String classpath() {
        ClassLoader loader = BenchMain.class.getClassLoader();
        if (loader instanceof URLClassLoader urls && urls.getURLs().length > 0) {
            StringJoiner joiner = new StringJoiner(File.pathSeparator);
            for (URL url : urls.getURLs()) {
                try {
                    joiner.add(Path.of(url.toURI()).toString());
                } catch (URISyntaxException | IllegalArgumentException e) {
                    joiner.add(url.getPath());
                }
            }
            return joiner.toString();
        }
        return System.getProperty("java.class.path");
    }
}
