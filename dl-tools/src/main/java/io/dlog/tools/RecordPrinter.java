package io.dlog.tools;

import io.dlog.protocol.LogRecordWithDLSN;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Prints records as {@code dlog tail} shows them, one line per record:
 * <ul>
 *   <li>text: {@code DLSN<TAB>txid<TAB>payload}, the payload as UTF-8 with control characters escaped
 *   ({@code \n}, {@code \t}, {@code \xNN}) so a record is always one line;</li>
 *   <li>base64: {@code DLSN<TAB>txid<TAB>base64(payload)}, binary-safe;</li>
 *   <li>json: {@code {"dlsn":"1:0:0","txid":1,"payload":"..."}}, or {@code "payload_base64"} when the payload
 *   is not valid UTF-8.</li>
 * </ul>
 * With {@code payloadOnly}, only the payload is printed: raw bytes plus a newline (text) or Base64 (base64), the
 * exact input format of {@code dlog write}. Not thread-safe.
 */
final class RecordPrinter {
    private final OutputStream out;
    private final PayloadFormat format;
    private final boolean payloadOnly;

    RecordPrinter(OutputStream out, PayloadFormat format, boolean payloadOnly) {
        this.out = out;
        this.format = format;
        this.payloadOnly = payloadOnly;
    }

    void print(LogRecordWithDLSN r) throws IOException {
        if (payloadOnly) {
            out.write(format == PayloadFormat.BASE64 ? Base64.getEncoder().encode(r.payload()) : r.payload());
            out.write('\n');
            return;
        }
        String line = switch (format) {
            case TEXT -> r.dlsn() + "\t" + r.txid() + "\t" + escape(new String(r.payload(), StandardCharsets.UTF_8));
            case BASE64 -> r.dlsn() + "\t" + r.txid() + "\t" + Base64.getEncoder().encodeToString(r.payload());
            case JSON -> json(r);
        };
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }

    void flush() throws IOException {
        out.flush();
    }

    private static String json(LogRecordWithDLSN r) {
        String text = strictUtf8(r.payload());
        String payload = text != null ? "\"payload\":\"" + jsonEscape(text) + "\""
                : "\"payload_base64\":\"" + Base64.getEncoder().encodeToString(r.payload()) + "\"";
        return "{\"dlsn\":\"" + r.dlsn() + "\",\"txid\":" + r.txid() + "," + payload + "}";
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    static String jsonEscape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
