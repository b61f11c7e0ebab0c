package dev.fcgi.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The CGI/1.1 parameter names a responder maps onto a request, recognised in place from
 * the bytes of a PARAMS body. Names are matched exactly (CGI names are upper case);
 * anything else is {@link #OTHER}.
 */
public final class CgiParam {

    /**
     * A parameter that is not mapped: exposed only as a request attribute when
     * configured.
     */
    public static final int OTHER = 0;

    /** {@code REQUEST_METHOD}. */
    public static final int REQUEST_METHOD = 1;

    /** {@code REQUEST_URI}: the raw request target, query included. */
    public static final int REQUEST_URI = 2;

    /** {@code QUERY_STRING}. */
    public static final int QUERY_STRING = 3;

    /** {@code SERVER_PROTOCOL}. */
    public static final int SERVER_PROTOCOL = 4;

    /** {@code CONTENT_TYPE}. */
    public static final int CONTENT_TYPE = 5;

    /** {@code CONTENT_LENGTH}. */
    public static final int CONTENT_LENGTH = 6;

    /** {@code SCRIPT_NAME}: the path prefix when REQUEST_URI is absent. */
    public static final int SCRIPT_NAME = 7;

    /** {@code PATH_INFO}: the path suffix when REQUEST_URI is absent. */
    public static final int PATH_INFO = 8;

    /** {@code REMOTE_ADDR}: the client's address. */
    public static final int REMOTE_ADDR = 9;

    /** {@code REMOTE_PORT}. */
    public static final int REMOTE_PORT = 10;

    /** {@code REMOTE_USER}. */
    public static final int REMOTE_USER = 11;

    /** {@code HTTPS}: {@code on} or {@code 1} when the client used TLS. */
    public static final int HTTPS = 12;

    /** {@code REQUEST_SCHEME}. */
    public static final int REQUEST_SCHEME = 13;

    /** {@code SERVER_NAME}. */
    public static final int SERVER_NAME = 14;

    /** {@code SERVER_PORT}. */
    public static final int SERVER_PORT = 15;

    /** {@code SERVER_ADDR}. */
    public static final int SERVER_ADDR = 16;

    /** {@code HTTP_HOST}: the Host header. */
    public static final int HTTP_HOST = 17;

    /** Any other {@code HTTP_*} name: a request header. */
    public static final int HTTP_HEADER = 18;

    /**
     * An {@code HTTP_*} name that must not become a header: {@code HTTP_PROXY} (httpoxy)
     * and the {@code HTTP_CONTENT_TYPE}/{@code HTTP_CONTENT_LENGTH} duplicates of
     * CONTENT_TYPE/CONTENT_LENGTH.
     */
    public static final int HTTP_IGNORED = 19;

    private static final byte[][] NAMES = new byte[20][];

    static {
        String[] names = { null, "REQUEST_METHOD", "REQUEST_URI", "QUERY_STRING", "SERVER_PROTOCOL", "CONTENT_TYPE",
                "CONTENT_LENGTH", "SCRIPT_NAME", "PATH_INFO", "REMOTE_ADDR", "REMOTE_PORT", "REMOTE_USER", "HTTPS",
                "REQUEST_SCHEME", "SERVER_NAME", "SERVER_PORT", "SERVER_ADDR", "HTTP_HOST" };
        for (int i = 1; i < names.length; i++) {
            NAMES[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static final byte[] HTTP_PREFIX = "HTTP_".getBytes(StandardCharsets.US_ASCII);

    private static final byte[][] HTTP_IGNORED_NAMES = { "HTTP_PROXY".getBytes(StandardCharsets.US_ASCII),
            "HTTP_CONTENT_TYPE".getBytes(StandardCharsets.US_ASCII),
            "HTTP_CONTENT_LENGTH".getBytes(StandardCharsets.US_ASCII) };

    private CgiParam() {
    }

    /**
     * Classifies a parameter name.
     * @param b the array holding the name
     * @param offset where the name starts
     * @param length name length
     * @return one of this class's constants
     */
    public static int classify(byte[] b, int offset, int length) {
        if (startsWith(b, offset, length, HTTP_PREFIX)) {
            if (equals(b, offset, length, NAMES[HTTP_HOST])) {
                return HTTP_HOST;
            }
            for (byte[] ignored : HTTP_IGNORED_NAMES) {
                if (equals(b, offset, length, ignored)) {
                    return HTTP_IGNORED;
                }
            }
            return (length > HTTP_PREFIX.length) ? HTTP_HEADER : OTHER;
        }
        for (int i = REQUEST_METHOD; i <= SERVER_ADDR; i++) {
            if (equals(b, offset, length, NAMES[i])) {
                return i;
            }
        }
        return OTHER;
    }

    /**
     * Turns an {@code HTTP_*} parameter name into a lower-case header name in place:
     * {@code HTTP_X_FOO} becomes {@code x-foo}, starting 5 bytes into the name.
     * @param b the array holding the name
     * @param offset where the parameter name starts
     * @param length parameter name length
     * @return the header name's offset; its length is {@code length - 5}
     */
    public static int toHeaderNameInPlace(byte[] b, int offset, int length) {
        int start = offset + HTTP_PREFIX.length;
        for (int i = start; i < offset + length; i++) {
            byte c = b[i];
            if (c == '_') {
                b[i] = '-';
            }
            else if (c >= 'A' && c <= 'Z') {
                b[i] = (byte) (c + ('a' - 'A'));
            }
        }
        return start;
    }

    /**
     * Tells whether a value means "TLS on", as web servers send {@code HTTPS}: {@code on}
     * (any case) or {@code 1}.
     * @param b the array holding the value
     * @param offset where it starts
     * @param length its length
     * @return true for on/1
     */
    public static boolean isOn(byte[] b, int offset, int length) {
        if (length == 1) {
            return b[offset] == '1';
        }
        return length == 2 && (b[offset] | 0x20) == 'o' && (b[offset + 1] | 0x20) == 'n';
    }

    /**
     * Parses a non-negative decimal number.
     * @param b the array holding the digits
     * @param offset where they start
     * @param length how many
     * @return the number, or -1 if empty, not all digits, or above {@link Long#MAX_VALUE}
     */
    public static long parseDecimal(byte[] b, int offset, int length) {
        if (length == 0) {
            return -1;
        }
        long value = 0;
        for (int i = offset; i < offset + length; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            if (value > (Long.MAX_VALUE - d) / 10) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    private static boolean startsWith(byte[] b, int offset, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean equals(byte[] b, int offset, int length, byte[] name) {
        if (length != name.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (b[offset + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

}
