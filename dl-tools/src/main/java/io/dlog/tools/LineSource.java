package io.dlog.tools;

import io.dlog.protocol.StatusCode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Base64;

/**
 * Reads records from a stream, one per line ({@code \n}, an optional {@code \r} before it is dropped), as raw
 * bytes ({@link PayloadFormat#TEXT}) or Base64 ({@link PayloadFormat#BASE64}). A final line without a newline
 * is a record; the empty input has none. Not thread-safe.
 */
final class LineSource implements RecordSource {
    private final InputStream in;
    private final PayloadFormat format;
    private long line;

    LineSource(InputStream in, PayloadFormat format) {
        this.in = new BufferedInputStream(in);
        this.format = format;
    }

    @Override
    public byte[] next() throws IOException, CliException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            buf.write(b);
        }
        if (b == -1 && buf.size() == 0) {
            return null;
        }
        line++;
        byte[] bytes = buf.toByteArray();
        if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
            bytes = Arrays.copyOf(bytes, bytes.length - 1);
        }
        if (format == PayloadFormat.BASE64) {
            if (bytes.length % 4 != 0) {
                // java.util.Base64 accepts unpadded input; strict Base64 (RFC 4648) is whole 4-character groups.
                throw new CliException(StatusCode.INVALID_ARGUMENT, "line " + line + " is not valid Base64: "
                        + bytes.length + " characters, not a multiple of 4 (padding with '=' missing?)");
            }
            try {
                return Base64.getDecoder().decode(bytes);
            } catch (IllegalArgumentException e) {
                throw new CliException(StatusCode.INVALID_ARGUMENT, "line " + line + " is not valid Base64: "
                        + e.getMessage());
            }
        }
        return bytes;
    }
}
