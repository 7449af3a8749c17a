/**
 * Server plumbing shared by the write proxy and the read proxy ({@code dl-proxy-read} depends on this module for
 * it): a proxy's registration under {@code <namespace>/.proxies} with the live view of the others, and the admin
 * HTTP endpoint ({@code /metrics}, {@code /health}, {@code /drain}). Public so that both servers can use it; not
 * part of the user-facing API.
 */
package io.dlog.proxy.common;
