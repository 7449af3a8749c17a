package io.dlog.core.internal.metadata;

/**
 * The ZooKeeper layout of one namespace (see docs/zookeeper-layout.md):
 * {@code <ns>/<log>}, {@code <ns>/<log>/segments/<seq>}, {@code <ns>/<log>/maxtxid}, {@code <ns>/<log>/lock},
 * and {@code <ns>/.proxies/<id>}.
 */
public record LogPaths(String namespacePath) {
    /** Width of the zero-padded segment sequence number, so znode names sort in sequence order. */
    public static final int SEQ_WIDTH = 18;

    /** Returns {@code <ns>/<log>}. */
    public String log(String log) {
        return namespacePath + "/" + log;
    }

    /** Returns {@code <ns>/<log>/segments}. */
    public String segments(String log) {
        return log(log) + "/segments";
    }

    /** Returns {@code <ns>/<log>/segments/<seq>}. */
    public String segment(String log, long seq) {
        return segments(log) + "/" + segmentName(seq);
    }

    /** Returns {@code <ns>/<log>/maxtxid}. */
    public String maxTxId(String log) {
        return log(log) + "/maxtxid";
    }

    /** Returns {@code <ns>/<log>/lock}. */
    public String lock(String log) {
        return log(log) + "/lock";
    }

    /** Returns {@code <ns>/.proxies}. */
    public String proxies() {
        return namespacePath + "/.proxies";
    }

    /** Returns the zero-padded znode name of a segment. */
    public static String segmentName(long seq) {
        String digits = Long.toString(seq);
        return "0".repeat(Math.max(0, SEQ_WIDTH - digits.length())) + digits;
    }
}
