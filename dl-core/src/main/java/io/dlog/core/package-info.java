/**
 * The dlog library API: {@link io.dlog.core.Namespace} opens {@link io.dlog.core.LogManager}s, which open
 * writers ({@link io.dlog.core.AsyncLogWriter}, {@link io.dlog.core.LogWriter}) and readers
 * ({@link io.dlog.core.AsyncLogReader}, {@link io.dlog.core.LogReader}).
 *
 * <p>Futures complete with the {@link io.dlog.protocol.DLException} itself on failure; use
 * {@link io.dlog.protocol.Futures#unwrap(Throwable)} to strip a {@code CompletionException}. A log's futures
 * complete on that log's executor thread: do not block inside their callbacks.
 */
package io.dlog.core;
