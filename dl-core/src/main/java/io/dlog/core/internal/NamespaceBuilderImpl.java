package io.dlog.core.internal;

import com.codahale.metrics.MetricRegistry;
import io.dlog.core.DLConfig;
import io.dlog.core.Namespace;
import io.dlog.core.NamespaceBuilder;
import io.dlog.protocol.DLException;
import io.dlog.protocol.InvalidArgumentException;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;

/** Builds a {@link NamespaceImpl}. Not thread-safe. */
public final class NamespaceBuilderImpl implements NamespaceBuilder {
    private URI uri;
    private DLConfig config = DLConfig.defaults();
    private MetricRegistry metrics = new MetricRegistry();
    private Clock clock = Clock.systemUTC();
    private boolean createIfMissing = true;
    private String ownerId;

    @Override
    public NamespaceBuilder uri(URI uri) {
        this.uri = Objects.requireNonNull(uri, "uri");
        return this;
    }

    @Override
    public NamespaceBuilder config(DLConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        return this;
    }

    @Override
    public NamespaceBuilder metrics(MetricRegistry registry) {
        this.metrics = Objects.requireNonNull(registry, "registry");
        return this;
    }

    @Override
    public NamespaceBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    @Override
    public NamespaceBuilder createIfMissing(boolean create) {
        this.createIfMissing = create;
        return this;
    }

    @Override
    public NamespaceBuilder ownerId(String ownerId) {
        Objects.requireNonNull(ownerId, "ownerId");
        if (ownerId.isBlank() || ownerId.length() > 255 || ownerId.indexOf('\n') >= 0 || ownerId.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("ownerId must be 1-255 characters without line breaks: " + ownerId);
        }
        this.ownerId = ownerId;
        return this;
    }

    @Override
    public Namespace build() throws DLException {
        if (uri == null) {
            throw new InvalidArgumentException("namespace URI is required");
        }
        return NamespaceImpl.open(uri, NamespaceUri.parse(uri), config, metrics, clock,
                new NamespaceImpl.Options(createIfMissing, ownerId));
    }
}
