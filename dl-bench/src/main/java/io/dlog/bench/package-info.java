/**
 * dl-bench: side-by-side benchmarks of dlog core against raw BookKeeper and Apache DistributedLog 4.17.3 on
 * one LocalCluster, in the OpenMessaging Benchmark style. Not shipped; run by hand (docs/performance.md), with
 * a smoke run in CI.
 */
package io.dlog.bench;
