package io.dlog.protocol.entry;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * A test allocator that remembers every buffer it hands out, so a test can assert that all of them were released
 * (exactly: unpooled buffers are never recycled, so a released buffer keeps {@code refCnt() == 0}), and the
 * largest capacity anyone asked for (to prove that a decode did not allocate what an entry declared).
 * Not thread-safe; one per test.
 */
public final class TrackingAllocator extends AbstractByteBufAllocator {
    private final List<ByteBuf> buffers = new ArrayList<>();
    private int largestRequest;

    public TrackingAllocator() {
        super(true);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return track(new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity), initialCapacity);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return track(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity), initialCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    private ByteBuf track(ByteBuf buf, int initialCapacity) {
        buffers.add(buf);
        largestRequest = Math.max(largestRequest, initialCapacity);
        return buf;
    }

    /** Returns the number of buffers allocated so far. */
    public int allocations() {
        return buffers.size();
    }

    /** Returns the largest initial capacity requested so far. */
    public int largestRequest() {
        return largestRequest;
    }

    /** Returns the number of buffers not yet released. */
    public long unreleased() {
        return buffers.stream().filter(b -> b.refCnt() != 0).count();
    }

    /** Fails unless every buffer this allocator handed out has been released. */
    public void assertAllReleased() {
        assertThat(unreleased()).as("buffers still referenced out of %d allocated", buffers.size()).isZero();
    }
}
