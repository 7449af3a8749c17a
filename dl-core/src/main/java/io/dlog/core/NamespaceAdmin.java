package io.dlog.core;

import com.codahale.metrics.MetricRegistry;
import java.time.Clock;

/**
 * The administrative services of a namespace: truncation without a writer, the audit of metadata against
 * BookKeeper, and the retention service. Obtained from {@link Namespace#admin()}, so they work with any
 * {@link Namespace} implementation.
 *
 * <p>The returned services borrow the namespace: close them (where they are closeable) before it. Making a
 * service does no I/O. Thread-safe.
 */
public interface NamespaceAdmin {

    /**
     * Returns truncation without a writer.
     *
     * @return the truncation service of this namespace
     */
    LogTruncation truncation();

    /**
     * Makes an audit on the system clock.
     *
     * @return the audit
     */
    default LogAudit audit() {
        return audit(Clock.systemUTC());
    }

    /**
     * Makes an audit.
     *
     * @param clock judges orphan ages against their creation times
     * @return the audit
     */
    LogAudit audit(Clock clock);

    /**
     * Makes a retention service on the system clock, without metrics, checking every
     * {@code retention.check.interval.ms}.
     *
     * @return the service, not started
     */
    default RetentionService retentionService() {
        return retentionService(Clock.systemUTC(), null);
    }

    /**
     * Makes a retention service.
     *
     * @param clock the clock that judges segment ages (tests inject one)
     * @param metrics a registry for {@code dlog.retention.*} metrics, or null
     * @return the service, not started
     */
    RetentionService retentionService(Clock clock, MetricRegistry metrics);
}
