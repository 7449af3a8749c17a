package io.dlog.core.internal.write;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Hands a writer's tasks to its log executor in call order: one executor task drains every task that arrives
 * while it runs, instead of one executor task per write (the executor's scheduled-task heap and the thread
 * wake-ups dominated the write path's profile). Thread-safe; tasks run on the executor, one at a time.
 */
final class WriterInbox {
    /** Bound on tasks per drain, so the other logs sharing the executor get their turn. */
    private static final int MAX_TASKS_PER_DRAIN = 4096;

    private record Inbound(Runnable task, CompletableFuture<?> future) {
    }

    private final Executor executor;
    private final Supplier<? extends Throwable> closedError;
    private final ConcurrentLinkedQueue<Inbound> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    /**
     * Makes an inbox.
     *
     * @param executor the log executor
     * @param closedError the failure of tasks the executor refuses (it was shut down with the namespace)
     */
    WriterInbox(Executor executor, Supplier<? extends Throwable> closedError) {
        this.executor = executor;
        this.closedError = closedError;
    }

    /**
     * Queues a task.
     *
     * @param future failed with the closed error if the task can never run
     * @param task the task
     */
    void submit(CompletableFuture<?> future, Runnable task) {
        queue.add(new Inbound(task, future));
        if (draining.compareAndSet(false, true)) {
            scheduleDrain();
        }
    }

    private void scheduleDrain() {
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            Inbound in;
            while ((in = queue.poll()) != null) {
                in.future().completeExceptionally(closedError.get());
            }
            draining.set(false);
        }
    }

    private void drain() {
        for (int n = 0; n < MAX_TASKS_PER_DRAIN; n++) {
            Inbound in = queue.poll();
            if (in == null) {
                draining.set(false);
                // A submit between the empty poll and the reset saw draining=true and scheduled nothing.
                if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            in.task().run();
        }
        scheduleDrain();
    }
}
