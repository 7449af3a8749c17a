/**
 * {@code dlog standalone}: a local cluster (ZooKeeper + bookies), a namespace on it, and the admin HTTP endpoint
 * ({@code /metrics} in Prometheus text, {@code /health}), in one JVM on loopback.
 */
package io.dlog.tools.standalone;
