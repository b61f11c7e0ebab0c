package dev.fcgi.tomcat;

import java.nio.charset.StandardCharsets;

/**
 * Reason phrases for the {@code Status:} line, as bytes, so front ends log the usual
 * text. Codes without one get none; front ends accept a bare code.
 */
final class ReasonPhrases {

    private static final byte[][] PHRASES = new byte[600][];

    static {
        set(100, "Continue");
        set(101, "Switching Protocols");
        set(200, "OK");
        set(201, "Created");
        set(202, "Accepted");
        set(203, "Non-Authoritative Information");
        set(204, "No Content");
        set(205, "Reset Content");
        set(206, "Partial Content");
        set(207, "Multi-Status");
        set(300, "Multiple Choices");
        set(301, "Moved Permanently");
        set(302, "Found");
        set(303, "See Other");
        set(304, "Not Modified");
        set(307, "Temporary Redirect");
        set(308, "Permanent Redirect");
        set(400, "Bad Request");
        set(401, "Unauthorized");
        set(402, "Payment Required");
        set(403, "Forbidden");
        set(404, "Not Found");
        set(405, "Method Not Allowed");
        set(406, "Not Acceptable");
        set(408, "Request Timeout");
        set(409, "Conflict");
        set(410, "Gone");
        set(411, "Length Required");
        set(412, "Precondition Failed");
        set(413, "Content Too Large");
        set(414, "URI Too Long");
        set(415, "Unsupported Media Type");
        set(416, "Range Not Satisfiable");
        set(417, "Expectation Failed");
        set(421, "Misdirected Request");
        set(422, "Unprocessable Content");
        set(425, "Too Early");
        set(426, "Upgrade Required");
        set(428, "Precondition Required");
        set(429, "Too Many Requests");
        set(431, "Request Header Fields Too Large");
        set(451, "Unavailable For Legal Reasons");
        set(500, "Internal Server Error");
        set(501, "Not Implemented");
        set(502, "Bad Gateway");
        set(503, "Service Unavailable");
        set(504, "Gateway Timeout");
        set(505, "HTTP Version Not Supported");
    }

    private ReasonPhrases() {
    }

    private static void set(int code, String phrase) {
        PHRASES[code] = phrase.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @param status an HTTP status code
     * @return its reason phrase, or null
     */
    static byte[] of(int status) {
        return (status >= 0 && status < PHRASES.length) ? PHRASES[status] : null;
    }

}
