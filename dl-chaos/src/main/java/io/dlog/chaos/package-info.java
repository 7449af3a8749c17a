/**
 * The multi-process fault harness and the history checker (RELIABILITY.md T2 and R-28).
 *
 * <p>A run starts a ZooKeeper ensemble, bookies, optionally write and read proxies, and client JVMs (embedded
 * dl-core, or remote through the proxies) as child processes on loopback, lets a seeded
 * nemesis inject faults, records every client operation in a history file per client, reads every log in full
 * at the end, and checks the histories against the final logs ({@link io.dlog.chaos.HistoryChecker}). Not a
 * shipped module: its entry points are {@code bin/dlog-chaos}, {@code ChaosRunIT} and
 * {@code ChaosProxyRunIT}.
 */
package io.dlog.chaos;
