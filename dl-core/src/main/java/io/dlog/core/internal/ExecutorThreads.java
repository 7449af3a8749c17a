package io.dlog.core.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names threads {@code dlog-<component>-<n>}. */
public final class ExecutorThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * Makes a factory.
     *
     * @param component the component name, e.g. {@code log} or {@code metadata}
     */
    public ExecutorThreads(String component) {
        this.prefix = "dlog-" + component + "-";
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, prefix + next.getAndIncrement());
        t.setDaemon(true);
        return t;
    }
}
