package io.dlog.tools;

/**
 * How payloads appear on stdin ({@code write}) and stdout ({@code tail}).
 *
 * <ul>
 *   <li>{@code text}: one record per line, UTF-8; not binary-safe (a payload cannot contain a newline);</li>
 *   <li>{@code base64}: one record per line, standard Base64 of the exact bytes; binary-safe;</li>
 *   <li>{@code json}: ({@code tail} only) one JSON object per record.</li>
 * </ul>
 */
enum PayloadFormat {
    /** UTF-8 text, one record per line. */
    TEXT,
    /** Base64 of the bytes, one record per line. */
    BASE64,
    /** One JSON object per line ({@code tail} only). */
    JSON
}
