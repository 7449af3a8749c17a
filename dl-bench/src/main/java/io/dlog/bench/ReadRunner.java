package io.dlog.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;

/** The read workloads: catch-up read of a sealed log, and tail latency. Stateless. */
final class ReadRunner {

    private static final int READ_BATCH = 1000;
    private static final long READ_TIMEOUT_SECONDS = 60;

    private ReadRunner() {
    }

    /**
     * Writes {@code records} records at max rate, closes the log, reads it once from the start unmeasured, then
     * again, and reports the second read's throughput.
     *
     * <p>The first read is there for the bookies. In memory the cluster is recycled before every run, and a fresh
     * bookie JVM has compiled its write path during the write but not its read path: its C2 compiler then took a
     * third of the cluster's CPU during the read (0.5–1.2 µs of 1.8–2.6 per record, session 18), and the slower
     * reader absorbed more of it, since compilation lasts as long as the read. After the first read it still
     * took 0.46–0.83 µs per record of the timed one; a production bookie is warm.
     */
    static Stats catchUp(BenchSystem system, String log, int recordSize, long records) throws Exception {
        byte[] payload = new byte[recordSize];
        try (LogAppender appender = system.openAppender(log)) {
            preload(appender, payload, records, WriteRunner.inFlightFor(recordSize));
        }
        readAll(system, log, records);
        long begin = System.nanoTime();
        long cpuAtStart = ProcessCpu.nanos();
        java.util.Map<Long, Long> clusterAtStart = ProcessCpu.children();
        long bytes = readAll(system, log, records);
        long elapsed = System.nanoTime() - begin;
        long cpu = ProcessCpu.between(cpuAtStart, ProcessCpu.nanos());
        long clusterCpu = ProcessCpu.childrenBetween(clusterAtStart, ProcessCpu.children());
        return Stats.of(system.name(), records, bytes, elapsed, 0, null).withCpu(cpu, clusterCpu)
                .withNote("write " + records + " at max rate, read once, then time a reader from the first record");
    }

    /** Reads a log's first {@code records} records with a new reader; returns their payload bytes. */
    private static long readAll(BenchSystem system, String log, long records) throws Exception {
        long read = 0;
        long bytes = 0;
        try (LogReaderHandle reader = system.openReader(log)) {
            while (read < records) {
                List<byte[]> batch = reader.readBulk(READ_BATCH).get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (batch.isEmpty()) {
                    throw new IllegalStateException(system.name() + " reader ended after " + read + " of "
                            + records + " records");
                }
                read += batch.size();
                for (byte[] p : batch) {
                    bytes += p.length;
                }
            }
        }
        return bytes;
    }

    private static void preload(LogAppender appender, byte[] payload, long records, int maxInFlight)
            throws Exception {
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(maxInFlight);
        CompletableFuture<?> last = null;
        for (long i = 0; i < records; i++) {
            inFlight.acquire();
            last = appender.append(payload);
            last.whenComplete((v, e) -> inFlight.release());
        }
        if (!inFlight.tryAcquire(maxInFlight, READ_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("preload did not finish");
        }
        if (last != null) {
            last.get();   // surfaces a failure
        }
    }

    /**
     * Tail latency: a reader tails the log while the writer appends at a fixed rate; the latency of a record is
     * from its acknowledgement to the writer to its delivery to the reader (0 if delivered before the writer's
     * callback ran). Payloads carry their index in the first 8 bytes.
     */
    static Stats tail(BenchSystem system, String log, int recordSize, double rate, Duration warmup,
                      Duration measure) throws Exception {
        int size = Math.max(Long.BYTES, recordSize);
        long expected = (long) Math.ceil(rate * (warmup.toNanos() + measure.toNanos()) / 1e9) + 1;
        AtomicLongArray ackNanos = new AtomicLongArray((int) expected + 1);
        try (LogAppender appender = system.openAppender(log)) {
            appender.append(indexed(-1, size)).get(30, TimeUnit.SECONDS);   // the log exists before the reader
            try (LogReaderHandle reader = system.openReader(log)) {
                TailConsumer consumer = new TailConsumer(reader, ackNanos);
                Thread thread = new Thread(consumer, "tail-reader-" + system.name());
                thread.setDaemon(true);
                long measureStart = System.nanoTime() + warmup.toNanos();
                consumer.measureWindow(measureStart, measureStart + measure.toNanos());
                thread.start();
                WriteRunner writer = new WriteRunner(WriteRunner.inFlightFor(recordSize));
                Stats written = writer.run(system.name(), List.of(appender), size, rate, warmup, measure,
                        i -> indexed(i, size), (i, t) -> {
                            if (i < ackNanos.length()) {
                                ackNanos.set((int) i, t);
                            }
                        });
                consumer.awaitAll(written, TimeUnit.SECONDS.toNanos(30));
                thread.interrupt();
                Histogram h = consumer.histogram();
                return Stats.of(system.name(), consumer.deliveredInWindow(), consumer.deliveredInWindow() * size,
                        measure.toNanos(), written.errors(), h).withCpu(written.cpuNanos(), written.clusterCpuNanos())
                        .withNote("ack->delivered; writer due->ack p99 "
                                + ResultTable.millis(written.p99Micros()) + " ms");
            }
        }
    }

    static byte[] indexed(long index, int size) {
        byte[] p = new byte[size];
        ByteBuffer.wrap(p).putLong(index);
        return p;
    }

    /** The tailing reader's loop. */
    private static final class TailConsumer implements Runnable {
        private final LogReaderHandle reader;
        private final AtomicLongArray ackNanos;
        private final org.HdrHistogram.Recorder recorder = new org.HdrHistogram.Recorder(3);
        private volatile long measureStart;
        private volatile long measureEnd;
        private volatile long deliveredInWindow;
        private volatile long highest = -1;
        private volatile Throwable failure;
        /** The index {@link #awaitAll} waits for, and the future the consumer completes when it is seen. */
        private volatile long target = Long.MAX_VALUE;
        private final CompletableFuture<Void> reached = new CompletableFuture<>();

        TailConsumer(LogReaderHandle reader, AtomicLongArray ackNanos) {
            this.reader = reader;
            this.ackNanos = ackNanos;
        }

        void measureWindow(long startNanos, long endNanos) {
            measureStart = startNanos;
            measureEnd = endNanos;
        }

        @Override
        public void run() {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    List<byte[]> batch = reader.readBulk(READ_BATCH).get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    long now = System.nanoTime();
                    for (byte[] p : batch) {
                        long index = ByteBuffer.wrap(p).getLong();
                        if (index < 0 || index >= ackNanos.length()) {
                            continue;
                        }
                        if (index > highest) {
                            highest = index;
                            if (index >= target) {
                                reached.complete(null);
                            }
                        }
                        long acked = ackNanos.get((int) index);
                        if (now >= measureStart && now < measureEnd) {
                            deliveredInWindow++;
                            long latency = acked == 0 ? 0 : Math.max(0, now - acked);
                            recorder.recordValue(TimeUnit.NANOSECONDS.toMicros(latency));
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                failure = e;
                reached.completeExceptionally(e);
            }
        }

        void awaitAll(Stats written, long timeoutNanos) throws InterruptedException {
            long lastIndex = -1;
            for (int i = 0; i < ackNanos.length(); i++) {
                if (ackNanos.get(i) != 0) {
                    lastIndex = i;
                }
            }
            target = lastIndex;
            if (highest >= lastIndex) {
                reached.complete(null); // seen before the target was set
            }
            try {
                reached.get(timeoutNanos, TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException("tailing reader failed", e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("tailing reader saw up to " + highest + " of " + lastIndex
                        + " (written " + written.records() + " in window)");
            }
        }

        long deliveredInWindow() {
            return deliveredInWindow;
        }

        Histogram histogram() {
            return recorder.getIntervalHistogram();
        }
    }
}
