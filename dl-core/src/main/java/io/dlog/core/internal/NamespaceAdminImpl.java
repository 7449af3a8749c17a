package io.dlog.core.internal;

import com.codahale.metrics.MetricRegistry;
import io.dlog.core.LogAudit;
import io.dlog.core.LogTruncation;
import io.dlog.core.NamespaceAdmin;
import io.dlog.core.RetentionService;
import io.dlog.core.internal.audit.LogAuditImpl;
import io.dlog.core.internal.retention.RetentionServiceImpl;
import io.dlog.core.internal.truncate.LogTruncationImpl;
import java.time.Clock;
import java.util.Objects;

/** The administrative services of a {@link NamespaceImpl}. No I/O; thread-safe. */
final class NamespaceAdminImpl implements NamespaceAdmin {
    private final NamespaceImpl ns;
    private final LogTruncation truncation;

    NamespaceAdminImpl(NamespaceImpl ns) {
        this.ns = ns;
        this.truncation = new LogTruncationImpl(ns);
    }

    @Override
    public LogTruncation truncation() {
        return truncation;
    }

    @Override
    public LogAudit audit(Clock clock) {
        return new LogAuditImpl(ns, Objects.requireNonNull(clock, "clock"));
    }

    @Override
    public RetentionService retentionService(Clock clock, MetricRegistry metrics) {
        return new RetentionServiceImpl(ns, Objects.requireNonNull(clock, "clock"), metrics);
    }
}
