package dev.fcgi.tomcat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.coyote.Request;
import org.apache.coyote.Response;
import org.apache.tomcat.util.buf.ByteChunk;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.MimeHeaders;

/**
 * Serialises a Coyote response's status and headers as a CGI response head: a
 * {@code Status:} line, every header (several {@code Set-Cookie} included) and an empty
 * line. Control characters in names and values become spaces, so a header value cannot
 * start a header of its own.
 * <p>
 * A {@code Location} on the request's own origin
 * ({@code scheme://server-name[:server-port]}, which is how the container makes a
 * redirect absolute) is written relative to it. The origin comes from the web server's
 * params, and those often do not hold the port the client used (Debian's
 * {@code fastcgi_params} sends {@code HTTP_HOST $host}, with no port, and
 * {@code SERVER_PORT} is the web server's own listening port, not the one a port mapping
 * or load balancer exposes); a relative {@code Location} lands where the client came
 * from.
 */
final class CgiResponseHead {

    private static final byte[] STATUS = ascii("Status: ");

    private static final byte[] CONTENT_TYPE = ascii("Content-Type: ");

    private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");

    private static final byte[] CONTENT_LANGUAGE = ascii("Content-Language: ");

    private static final byte[] NO_BUFFERING = ascii("X-Accel-Buffering: no\r\n");

    private static final byte[] CRLF = { '\r', '\n' };

    private static final byte[] COLON_SPACE = { ':', ' ' };

    private static final String ACCEL_BUFFERING = "X-Accel-Buffering";

    private static final String LOCATION = "Location";

    private byte[] bytes = new byte[1024];

    private int length;

    /**
     * Writes the head of a response.
     * @param response the committed response
     * @param contentType the response's content type with its charset
     * ({@code response.getContentType()}, which builds a new string each time it is
     * called)
     * @param entityHeaders whether {@code Content-Type} and {@code Content-Language}
     * belong in the head (not for 1xx, 205 and 304, as over Tomcat HTTP)
     * @param noBuffering add {@code X-Accel-Buffering: no} unless the application set
     * that header itself
     */
    void write(Response response, String contentType, boolean entityHeaders, boolean noBuffering) {
        this.length = 0;
        put(STATUS);
        putDecimal(response.getStatus());
        byte[] reason = ReasonPhrases.of(response.getStatus());
        if (reason != null) {
            put((byte) ' ');
            put(reason);
        }
        put(CRLF);
        if (entityHeaders && contentType != null) {
            put(CONTENT_TYPE);
            putText(contentType);
            put(CRLF);
        }
        long contentLength = response.getContentLengthLong();
        if (contentLength >= 0) {
            put(CONTENT_LENGTH);
            putDecimal(contentLength);
            put(CRLF);
        }
        String language = entityHeaders ? response.getContentLanguage() : null;
        if (language != null) {
            put(CONTENT_LANGUAGE);
            putText(language);
            put(CRLF);
        }
        MimeHeaders headers = response.getMimeHeaders();
        boolean accelSet = false;
        for (int i = 0; i < headers.size(); i++) {
            MessageBytes name = headers.getName(i);
            accelSet |= name.equalsIgnoreCase(ACCEL_BUFFERING);
            putText(name);
            put(COLON_SPACE);
            if (name.equalsIgnoreCase(LOCATION)) {
                putLocation(headers.getValue(i).toString(), response.getRequest());
            }
            else {
                putText(headers.getValue(i));
            }
            put(CRLF);
        }
        if (noBuffering && !accelSet) {
            put(NO_BUFFERING);
        }
        put(CRLF);
    }

    /**
     * @return the array holding the head, valid until the next {@link #write}
     */
    byte[] bytes() {
        return this.bytes;
    }

    /**
     * @return the head's length
     */
    int length() {
        return this.length;
    }

    private void putLocation(String location, Request request) {
        int end = ownOriginEnd(location, request);
        if (end < 0) {
            putText(location);
        }
        else if (end == location.length()) {
            put((byte) '/');
        }
        else {
            putText(location.substring(end));
        }
    }

    /**
     * Where the request's own origin, as the container writes it in an absolute redirect,
     * ends in a location.
     * @return the index after {@code scheme://name[:port]} when the location starts with
     * it and a path, query or fragment (or nothing) follows, else -1
     */
    private static int ownOriginEnd(String location, Request request) {
        String scheme = request.scheme().toString();
        String name = request.serverName().toString();
        if (scheme == null || name == null || name.isEmpty()) {
            return -1;
        }
        int n = scheme.length();
        if (!location.regionMatches(true, 0, scheme, 0, n) || !location.startsWith("://", n)) {
            return -1;
        }
        n += 3;
        if (!location.regionMatches(true, n, name, 0, name.length())) {
            return -1;
        }
        n += name.length();
        int port = request.getServerPort();
        boolean defaultPort = port <= 0 || ("http".equals(scheme) && port == 80)
                || ("https".equals(scheme) && port == 443);
        if (n < location.length() && location.charAt(n) == ':') {
            String written = Integer.toString(port);
            if (!location.startsWith(written, n + 1)) {
                return -1;
            }
            n += 1 + written.length();
        }
        else if (!defaultPort) {
            // The container writes a port that is not the scheme's default; without it
            // this is another origin.
            return -1;
        }
        if (n == location.length()) {
            return n;
        }
        char next = location.charAt(n);
        return (next == '/' || next == '?' || next == '#') ? n : -1;
    }

    private void putText(MessageBytes mb) {
        if (mb.getType() == MessageBytes.T_BYTES) {
            ByteChunk chunk = mb.getByteChunk();
            byte[] b = chunk.getBytes();
            ensure(chunk.getLength());
            for (int i = chunk.getStart(); i < chunk.getEnd(); i++) {
                this.bytes[this.length++] = safe(b[i] & 0xFF);
            }
        }
        else {
            putText(mb.toString());
        }
    }

    private void putText(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            this.bytes[this.length++] = safe(s.charAt(i));
        }
    }

    private static byte safe(int c) {
        // Header text is ISO-8859-1; control characters (CR, LF above all) and what does
        // not fit become spaces.
        if ((c < 0x20 && c != '\t') || c == 0x7F || c > 0xFF) {
            return ' ';
        }
        return (byte) c;
    }

    private void putDecimal(long value) {
        ensure(20);
        if (value == 0) {
            this.bytes[this.length++] = '0';
            return;
        }
        int start = this.length;
        while (value > 0) {
            this.bytes[this.length++] = (byte) ('0' + (value % 10));
            value /= 10;
        }
        for (int i = start, j = this.length - 1; i < j; i++, j--) {
            byte t = this.bytes[i];
            this.bytes[i] = this.bytes[j];
            this.bytes[j] = t;
        }
    }

    private void put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, this.bytes, this.length, b.length);
        this.length += b.length;
    }

    private void put(byte b) {
        ensure(1);
        this.bytes[this.length++] = b;
    }

    private void ensure(int more) {
        if (this.length + more > this.bytes.length) {
            this.bytes = Arrays.copyOf(this.bytes, Math.max(this.bytes.length * 2, this.length + more));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

}
