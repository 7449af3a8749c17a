/**
 * An in-process BookKeeper cluster for tests and {@code dlog standalone}: {@link io.dlog.core.local.LocalCluster}
 * runs an embedded ZooKeeper and N bookies on 127.0.0.1. Nothing in the production code paths of dl-core uses
 * this package.
 */
package io.dlog.core.local;
