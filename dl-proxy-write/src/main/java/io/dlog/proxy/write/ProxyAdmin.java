package io.dlog.proxy.write;

import io.dlog.protocol.DLException;
import io.dlog.protocol.StatusCode;
import io.dlog.protocol.wire.AckResponse;
import io.dlog.protocol.wire.Drain;
import io.dlog.protocol.wire.ErrorResponse;
import io.dlog.protocol.wire.GetOwner;
import io.dlog.protocol.wire.GetOwnerResponse;
import io.dlog.protocol.wire.HandshakeResponse;
import io.dlog.protocol.wire.Release;
import io.dlog.protocol.wire.Response;
import io.dlog.proxy.write.internal.net.OneShotClient;
import java.time.Duration;
import java.util.Optional;

/**
 * Operator calls on one write proxy over the wire protocol, one connection per call (for {@code dlog proxy}).
 * Blocking; thread-safe.
 */
public final class ProxyAdmin {
    private ProxyAdmin() {
    }

    /**
     * Asks a proxy to drain: it deregisters, takes no new streams, lets in-flight writes finish, releases every
     * lock and stops.
     *
     * @param address the proxy, {@code host:port}
     * @param timeout bound on the call
     * @throws DLException SERVICE_UNAVAILABLE (unreachable), TIMEOUT, or the proxy's answer
     */
    public static void drain(String address, Duration timeout) throws DLException {
        expectAck(OneShotClient.call(address, Drain::new, timeout));
    }

    /**
     * Asks a proxy to give up a stream (its lock is released; the next writer may be another proxy).
     *
     * @param address the proxy, {@code host:port}
     * @param stream the stream
     * @param timeout bound on the call
     * @throws DLException FOUND (another proxy owns it; the exception names it), SERVICE_UNAVAILABLE, TIMEOUT
     */
    public static void release(String address, String stream, Duration timeout) throws DLException {
        expectAck(OneShotClient.call(address, id -> new Release(id, stream), timeout));
    }

    /**
     * Asks a proxy who owns a stream.
     *
     * @param address any proxy of the namespace
     * @param stream the stream
     * @param timeout bound on the call
     * @return the owner's {@code host:port}, or empty when nobody holds it
     * @throws DLException SERVICE_UNAVAILABLE, TIMEOUT, INVALID_STREAM_NAME
     */
    public static Optional<String> owner(String address, String stream, Duration timeout) throws DLException {
        Response r = OneShotClient.call(address, id -> new GetOwner(id, stream), timeout);
        if (r instanceof GetOwnerResponse g) {
            return g.owner().isEmpty() ? Optional.empty() : Optional.of(g.owner());
        }
        throw failure(r);
    }

    /**
     * Handshakes with a proxy.
     *
     * @param address the proxy
     * @param timeout bound on the call
     * @return its answer: role, state, live proxies
     * @throws DLException SERVICE_UNAVAILABLE, TIMEOUT, UNSUPPORTED_VERSION
     */
    public static HandshakeResponse handshake(String address, Duration timeout) throws DLException {
        Response r = OneShotClient.call(address, null, timeout);
        if (r instanceof HandshakeResponse h) {
            return h;
        }
        throw failure(r);
    }

    private static void expectAck(Response r) throws DLException {
        if (!(r instanceof AckResponse)) {
            throw failure(r);
        }
    }

    private static DLException failure(Response r) {
        if (r instanceof ErrorResponse e) {
            return e.toException();
        }
        return new DLException(StatusCode.UNEXPECTED, "unexpected answer " + r);
    }
}
