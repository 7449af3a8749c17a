package io.dlog.chaos;

/** The kinds of process a run starts, with their JVM sizes; each is one case of {@link ChildMain}. */
public enum NodeKind {
    /** A ZooKeeper ensemble member ({@code QuorumPeerMain}). */
    ZOOKEEPER("zookeeper", "-Xmx128m"),
    /** A bookie ({@code io.dlog.core.local.BookieNodeMain}). */
    BOOKIE("bookie", "-Xmx256m -XX:MaxDirectMemorySize=128m"),
    /** A write proxy ({@link ProxyNodeMain}). */
    WRITE_PROXY("write-proxy", "-Xmx192m -XX:MaxDirectMemorySize=128m"),
    /** A read proxy ({@link ProxyNodeMain}). */
    READ_PROXY("read-proxy", "-Xmx192m -XX:MaxDirectMemorySize=128m"),
    /** A client: embedded dl-core writers and readers, or a remote DLClient ({@link ClientMain}). */
    CLIENT("client", "-Xmx256m -XX:MaxDirectMemorySize=128m");

    private final String arg;
    private final String memory;

    NodeKind(String arg, String memory) {
        this.arg = arg;
        this.memory = memory;
    }

    /** The first argument of {@link ChildMain}. */
    String arg() {
        return arg;
    }

    /** Heap and direct memory flags. */
    String memory() {
        return memory;
    }
}
