package io.dlog.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when Netty's leak detector (paranoid in the test JVMs) reports a leaked buffer: after each test it
 * collects garbage and allocates, so that leaked buffers are found and reported, and asserts that none was. A copy
 * of dl-protocol's test {@code LeakCheck}: test classes are not shared between modules.
 */
final class LeakCheck implements BeforeAllCallback, AfterEachCallback {
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
    private static volatile boolean installed;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        install();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (int round = 0; round < 3; round++) {
            System.gc();
            System.runFinalization();
            // the detector checks its reference queue when a tracked buffer is allocated
            for (int i = 0; i < 200; i++) {
                ByteBuf probe = UnpooledByteBufAllocator.DEFAULT.directBuffer(8);
                probe.release();
            }
        }
        List<String> found = List.copyOf(LEAKS);
        LEAKS.clear();
        assertThat(found).as("Netty leak reports").isEmpty();
    }

    private static synchronized void install() throws Exception {
        if (installed) {
            return;
        }
        assertThat(ResourceLeakDetector.getLevel()).as("leak detection level (set by the build's argLine)")
                .isEqualTo(ResourceLeakDetector.Level.PARANOID);
        Field field = Class.forName("io.netty.buffer.AbstractByteBuf").getDeclaredField("leakDetector");
        field.setAccessible(true);
        ResourceLeakDetector<?> detector = (ResourceLeakDetector<?>) field.get(null);
        detector.setLeakListener((type, records) -> LEAKS.add(type + ": " + records));
        installed = true;
    }
}
