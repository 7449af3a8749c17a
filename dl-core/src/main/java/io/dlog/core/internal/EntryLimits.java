package io.dlog.core.internal;

/** Limits that protect readers from malformed entries. */
public final class EntryLimits {
    /**
     * The largest decompressed entry any reader accepts: above the largest batch (16 MiB) plus the largest record
     * (16 MiB) that any writer configuration allows, so a reader never rejects what a valid writer wrote.
     */
    public static final int MAX_DECOMPRESSED_BYTES = 40 << 20;

    private EntryLimits() {
    }
}
