package io.dlog.tools;

import java.io.IOException;

/** Where {@code dlog write} gets its payloads: lines of stdin or a file, or synthetic records. */
interface RecordSource {

    /**
     * Returns the next payload.
     *
     * @return the bytes, or null at the end
     * @throws IOException if the input cannot be read
     * @throws CliException if the input is malformed (BAD_INPUT)
     */
    byte[] next() throws IOException, CliException;

    /**
     * Returns {@code count} payloads of {@code size} bytes: a record number in ASCII, padded with {@code '.'}.
     *
     * @param count how many
     * @param size bytes each
     * @return the source
     */
    static RecordSource synthetic(long count, int size) {
        long[] made = {0};
        return () -> {
            if (made[0] >= count) {
                return null;
            }
            byte[] p = new byte[size];
            java.util.Arrays.fill(p, (byte) '.');
            byte[] n = Long.toString(++made[0]).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(n, 0, p, 0, Math.min(n.length, size));
            return p;
        };
    }
}
