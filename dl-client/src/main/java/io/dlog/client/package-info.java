/**
 * The remote client of dlog: {@link io.dlog.client.DLClient}, built with {@link io.dlog.client.DLClient#builder()}.
 * It talks to the write proxies over the wire protocol of {@code io.dlog.protocol.wire} and depends on dl-protocol
 * and Netty only: no BookKeeper, no ZooKeeper. The client guide is {@code docs/client.md}.
 */
package io.dlog.client;
