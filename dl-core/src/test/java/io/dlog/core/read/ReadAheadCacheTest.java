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
            cache.addAll(List.of(record(i, 100)));
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
        cache.addAll(List.of(record(0, 50)));
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
            cache.addAll(List.of(record(i, 36)));
        }
        assertFalse(cache.mayReadMore(), "full");
        cache.take(4);
        assertFalse(cache.mayReadMore(), "60% full: still paused, so the next read is a large batch");
        cache.take(1);
        assertTrue(cache.mayReadMore(), "half empty: resume");
        cache.addAll(List.of(record(10, 36)));
        assertTrue(cache.mayReadMore(), "not full again yet");
    }

    @Test
    void takeShouldCrossEntriesInOrderAndCountTheBytesOfExactlyTheRecordsTaken() {
        ReadAheadCache cache = new ReadAheadCache(1 << 20);
        List<LogRecordWithDLSN> first = List.of(record(0, 10), record(1, 200), record(2, 3000));
        List<LogRecordWithDLSN> second = List.of(record(3, 7), record(4, 40_000));
        cache.addAll(first);
        cache.addAll(List.of());
        cache.addAll(second);
        long all = 10 + 200 + 3000 + 7 + 40_000 + 5L * ReadAheadCache.RECORD_OVERHEAD;
        assertEquals(all, cache.bytes());
        assertEquals(5, cache.size());

        List<LogRecordWithDLSN> a = cache.take(2);
        assertEquals(first.subList(0, 2), a);
        assertEquals(all - 210 - 2 * ReadAheadCache.RECORD_OVERHEAD, cache.bytes());
        List<LogRecordWithDLSN> b = cache.take(2);   // the last of one entry and the first of the next
        assertEquals(List.of(first.get(2), second.get(0)), b);
        assertEquals(40_000 + ReadAheadCache.RECORD_OVERHEAD, cache.bytes());
        assertEquals(1, cache.size());
        b.clear();   // the caller's own list: changing it changes nothing in the cache
        assertEquals(List.of(second.get(1)), cache.take(100));
        assertTrue(cache.isEmpty());
        assertEquals(0, cache.bytes());
    }
}
