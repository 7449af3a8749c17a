package io.dlog.core.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dlog.core.internal.read.ReadAheadCache;
import io.dlog.protocol.DLSN;
import io.dlog.protocol.LogRecordWithDLSN;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadAheadCacheTest {

    private static LogRecordWithDLSN record(long entry, int bytes) {
        return new LogRecordWithDLSN(new DLSN(1, entry, 0), entry, new byte[bytes], 0);
    }

    @Test
    void cacheShouldBeFullAtItsByteLimitAndFreeSpaceAsRecordsAreTaken() {
        ReadAheadCache cache = new ReadAheadCache(900);
        long per = 100 + ReadAheadCache.RECORD_OVERHEAD;
        for (int i = 0; i < 6; i++) {
            cache.add(record(i, 100));
        }
        assertEquals(6 * per, cache.bytes());
        assertTrue(cache.isFull());
        assertEquals(0, cache.freeBytes());
        List<LogRecordWithDLSN> taken = cache.take(4);
        assertEquals(4, taken.size());
        assertEquals(0, taken.get(0).dlsn().entryId());
        assertEquals(3, taken.get(3).dlsn().entryId());
        assertEquals(2 * per, cache.bytes());
        assertFalse(cache.isFull());
        assertEquals(900 - 2 * per, cache.freeBytes());
        assertEquals(2, cache.take(10).size());
        assertTrue(cache.isEmpty());
        assertEquals(0, cache.bytes());
        assertTrue(cache.take(3).isEmpty());
    }

    @Test
    void clearShouldDropRecordsAndBytes() {
        ReadAheadCache cache = new ReadAheadCache(10);
        cache.add(record(0, 50));
        cache.clear();
        assertTrue(cache.isEmpty());
        assertEquals(0, cache.bytes());
    }

    @Test
    void readingShouldResumeOnlyOnceAFullCacheIsHalfEmpty() {
        long size = ReadAheadCache.sizeOf(record(0, 36));   // 100 bytes with the per-record overhead
        ReadAheadCache cache = new ReadAheadCache(10 * size);
        assertTrue(cache.mayReadMore());
        for (int i = 0; i < 10; i++) {
            cache.add(record(i, 36));
        }
        assertFalse(cache.mayReadMore(), "full");
        cache.take(4);
        assertFalse(cache.mayReadMore(), "60% full: still paused, so the next read is a large batch");
        cache.take(1);
        assertTrue(cache.mayReadMore(), "half empty: resume");
        cache.add(record(10, 36));
        assertTrue(cache.mayReadMore(), "not full again yet");
    }
}
