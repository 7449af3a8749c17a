package io.dlog.bench;

/**
 * The bookies and ZooKeeper the systems under test share: in this JVM ({@link InJvmCluster}) or in a child JVM
 * ({@link ChildJvmCluster}), where their CPU time and garbage do not count against the system being measured.
 */
interface ClusterBackend extends AutoCloseable {

    /** Where the systems connect. */
    ClusterEndpoints endpoints();

    /** A short description for the report, e.g. {@code child-jvm pid=1234}. */
    String describe();

    /** Stops the bookies and ZooKeeper; their data directory is the caller's to delete. */
    @Override
    void close();
}
