package io.dlog.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A deterministic {@link ScheduledExecutorService} with its own clock, for unit tests of components that own a
 * single-threaded executor: nothing runs until the test calls {@link #runReady()} or {@link #advance}, and then
 * on the test's thread, in time order (ties in submission order). {@link #clock()} reads the same time. Not
 * thread-safe beyond what the tests need (synchronized submission).
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final PriorityQueue<Task<?>> tasks = new PriorityQueue<>(
            Comparator.<Task<?>>comparingLong(t -> t.dueNanos).thenComparingLong(t -> t.order));
    private long nowNanos;
    private long nextOrder;
    private boolean shutdown;

    /** A clock that reads this scheduler's time (from the epoch). */
    public Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochSecond(0, now());
            }
        };
    }

    /** The scheduler's time in nanoseconds. */
    public synchronized long now() {
        return nowNanos;
    }

    /** Runs every task due now (including tasks they submit for now); returns how many ran. */
    public int runReady() {
        int ran = 0;
        while (true) {
            Task<?> t;
            synchronized (this) {
                t = tasks.peek();
                if (t == null || t.dueNanos > nowNanos) {
                    return ran;
                }
                tasks.poll();
            }
            t.run();
            ran++;
        }
    }

    /** Moves time forward, running every task that falls due on the way, in order. */
    public void advance(Duration d) {
        long target;
        synchronized (this) {
            target = nowNanos + d.toNanos();
        }
        while (true) {
            runReady();
            synchronized (this) {
                Task<?> t = tasks.peek();
                if (t == null || t.dueNanos > target) {
                    nowNanos = target;
                    break;
                }
                nowNanos = t.dueNanos;
            }
        }
        runReady();
    }

    /** How many tasks are waiting (cancelled ones included until their time). */
    public synchronized int pending() {
        return (int) tasks.stream().filter(t -> !t.isCancelled()).count();
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(() -> {
            command.run();
            return null;
        }, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(callable, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("not used by the components under test");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
            TimeUnit unit) {
        throw new UnsupportedOperationException("not used by the components under test");
    }

    private synchronized <V> Task<V> add(Callable<V> c, long delay, TimeUnit unit) {
        if (shutdown) {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        }
        Task<V> t = new Task<>(c, nowNanos + Math.max(0, unit.toNanos(delay)), nextOrder++);
        tasks.add(t);
        return t;
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>(tasks);
        tasks.clear();
        return left;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && tasks.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    /** A task and its future. */
    private final class Task<V> implements ScheduledFuture<V>, Runnable {
        private final Callable<V> callable;
        private final long dueNanos;
        private final long order;
        private final CompletableFuture<V> result = new CompletableFuture<>();

        Task(Callable<V> callable, long dueNanos, long order) {
            this.callable = callable;
            this.dueNanos = dueNanos;
            this.order = order;
        }

        @Override
        public void run() {
            if (result.isDone()) {
                return;
            }
            try {
                result.complete(callable.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - now(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return result.cancel(mayInterruptIfRunning);
        }

        @Override
        public boolean isCancelled() {
            return result.isCancelled();
        }

        @Override
        public boolean isDone() {
            return result.isDone();
        }

        @Override
        public V get() throws InterruptedException, ExecutionException {
            return result.get();
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException,
                TimeoutException {
            return result.get(timeout, unit);
        }
    }
}
