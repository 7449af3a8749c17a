/**
 * The read proxy: a stateless server that serves many remote readers of a stream from one core reader at the
 * stream's tail and a bounded cache of recent records (fan-out at one BookKeeper read per entry), pushing records
 * within each reader's credit. The public API is {@link io.dlog.proxy.read.ReadProxy} and its configuration;
 * everything else is under {@code internal}. docs/read-proxy.md is the guide.
 */
package io.dlog.proxy.read;
