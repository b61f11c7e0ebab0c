package dev.fcgi.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Test-only builder of FastCGI byte streams, written byte by byte from the specification
 * so that tests do not check {@link RecordWriter} or {@link NameValueEncoder} only
 * against themselves. Public for the tests of the layers above, which read such streams.
 */
public final class RecordBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public static RecordBytes records() {
        return new RecordBytes();
    }

    /** Raw bytes, each given as an int 0..255. */
    public RecordBytes raw(int... bytes) {
        for (int b : bytes) {
            this.out.write(b);
        }
        return this;
    }

    public RecordBytes raw(byte[] bytes) {
        this.out.writeBytes(bytes);
        return this;
    }

    /** An 8-byte header with any version byte. */
    public RecordBytes header(int version, int type, int requestId, int contentLength, int paddingLength) {
        return raw(version, type, (requestId >> 8) & 0xFF, requestId & 0xFF, (contentLength >> 8) & 0xFF,
                contentLength & 0xFF, paddingLength, 0);
    }

    /** A version-1 record with explicit padding (zero bytes). */
    public RecordBytes record(int type, int requestId, byte[] content, int paddingLength) {
        header(1, type, requestId, content.length, paddingLength);
        raw(content);
        for (int i = 0; i < paddingLength; i++) {
            this.out.write(0);
        }
        return this;
    }

    /** A version-1 record padded to a multiple of 8. */
    public RecordBytes record(int type, int requestId, byte[] content) {
        return record(type, requestId, content, (8 - content.length % 8) % 8);
    }

    public RecordBytes beginRequest(int requestId, int role, int flags) {
        return record(RecordType.BEGIN_REQUEST, requestId,
                new byte[] { (byte) (role >> 8), (byte) role, (byte) flags, 0, 0, 0, 0, 0 }, 0);
    }

    public RecordBytes endRequest(int requestId, int appStatus, int protocolStatus) {
        return record(RecordType.END_REQUEST, requestId, new byte[] { (byte) (appStatus >>> 24),
                (byte) (appStatus >>> 16), (byte) (appStatus >>> 8), (byte) appStatus, (byte) protocolStatus, 0, 0, 0 },
                0);
    }

    public byte[] toByteArray() {
        return this.out.toByteArray();
    }

    /** The 1-byte length form; only for 0..127. */
    public static byte[] length1(int length) {
        if (length < 0 || length > 127) {
            throw new IllegalArgumentException("1-byte form holds 0..127: " + length);
        }
        return new byte[] { (byte) length };
    }

    /** The 4-byte length form (high bit set), for any length 0..2^31-1. */
    public static byte[] length4(int length) {
        return new byte[] { (byte) (0x80 | (length >>> 24)), (byte) (length >>> 16), (byte) (length >>> 8),
                (byte) length };
    }

    /** One name-value pair with the shortest length forms. */
    public static byte[] pair(byte[] name, byte[] value) {
        return concat(shortestLength(name.length), shortestLength(value.length), name, value);
    }

    /** Name-value pairs from alternating ASCII names and values. */
    public static byte[] pairs(String... namesAndValues) {
        byte[] body = new byte[0];
        for (int i = 0; i < namesAndValues.length; i += 2) {
            body = concat(body, pair(ascii(namesAndValues[i]), ascii(namesAndValues[i + 1])));
        }
        return body;
    }

    private static byte[] shortestLength(int length) {
        return (length <= 127) ? length1(length) : length4(length);
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    /** Deterministic non-zero-heavy content, so misplaced padding or offsets show. */
    public static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        int x = seed * 31 + 7;
        for (int i = 0; i < length; i++) {
            x = x * 1103515245 + 12345;
            b[i] = (byte) ((x >>> 16) | 1);
        }
        return b;
    }

    /** A name or value of {@code length} upper-case ASCII letters. */
    public static byte[] letters(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) ('A' + i % 26);
        }
        return b;
    }

}
