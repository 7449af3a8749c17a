/**
 * The write proxy: {@link io.dlog.proxy.write.WriteProxy} (start, drain, stop), its configuration
 * ({@link io.dlog.proxy.write.WriteProxyConfig}, keys in {@link io.dlog.proxy.write.WriteProxyConfigKeys}) and the
 * namespace's proxy registry ({@link io.dlog.proxy.write.ProxyDirectory}, {@link io.dlog.proxy.write.ProxyInfo}).
 * The implementation lives under {@code io.dlog.proxy.write.internal}.
 */
package io.dlog.proxy.write;
