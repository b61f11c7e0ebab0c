package dev.fcgi.tomcat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

import dev.fcgi.protocol.CgiParam;
import dev.fcgi.protocol.FcgiProtocolException;
import dev.fcgi.protocol.NameValueCursor;

import org.apache.coyote.Request;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.MimeHeaders;

/**
 * Gathers a request's PARAMS stream and maps the CGI/1.1 parameters onto a Coyote
 * request: method, raw URI (Tomcat decodes and normalises it), query, protocol, the
 * client's address and port, scheme, server name and port, remote user, and
 * {@code HTTP_*} parameters as headers. Values are referenced in place, not copied into
 * strings.
 */
final class CgiRequestMapper {

    private static final byte[] CONTENT_TYPE = "content-type".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] CONTENT_LENGTH = "content-length".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] HTTPS = "https".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] COOKIE = "cookie".getBytes(StandardCharsets.US_ASCII);

    private static final int HTTP_COOKIE_LENGTH = "HTTP_COOKIE".length();

    private final NameValueCursor cursor = new NameValueCursor();

    private byte[] params = new byte[4096];

    private int length;

    private byte[] uriScratch;

    private long contentLength;

    /** Forgets the previous request's parameters. */
    void reset() {
        this.length = 0;
        this.contentLength = -1;
    }

    /**
     * Appends PARAMS content.
     * @param src the bytes
     * @param offset where they start
     * @param count how many
     * @param limit most PARAMS bytes allowed in all
     * @return false if the limit would be passed (nothing is appended then)
     */
    boolean append(byte[] src, int offset, int count, int limit) {
        if ((long) this.length + count > limit) {
            return false;
        }
        if (this.length + count > this.params.length) {
            this.params = Arrays.copyOf(this.params, Math.max(this.params.length * 2, this.length + count));
        }
        System.arraycopy(src, offset, this.params, this.length, count);
        this.length += count;
        return true;
    }

    /**
     * @return the CONTENT_LENGTH seen by the last {@link #apply}, or -1 when absent or
     * empty
     */
    long contentLength() {
        return this.contentLength;
    }

    /**
     * @return the gathered PARAMS bytes, valid up to {@link #paramsLength()}
     */
    byte[] paramsBytes() {
        return this.params;
    }

    /**
     * @return how many PARAMS bytes were gathered
     */
    int paramsLength() {
        return this.length;
    }

    /**
     * Maps the gathered parameters onto the request.
     * @param request the request to fill
     * @param attributes names of other parameters to expose as request attributes, or
     * null for none
     * @return null if the request can be served, else why not (the answer is then 400)
     * @throws FcgiProtocolException if the name-value pairs are malformed
     */
    String apply(Request request, Pattern attributes) throws FcgiProtocolException {
        byte[] b = this.params;
        NameValueCursor c = this.cursor.reset(b, 0, this.length);
        MimeHeaders headers = request.getMimeHeaders();
        int uriOff = -1, uriLen = 0, queryOff = -1, queryLen = 0;
        int scriptOff = -1, scriptLen = 0, pathInfoOff = -1, pathInfoLen = 0;
        int serverNameOff = -1, serverNameLen = 0, hostOff = -1, hostLen = 0;
        int serverPort = -1;
        boolean secure = false;
        boolean method = false;
        while (c.next()) {
            int nOff = c.nameOffset();
            int nLen = c.nameLength();
            int vOff = c.valueOffset();
            int vLen = c.valueLength();
            switch (CgiParam.classify(b, nOff, nLen)) {
                case CgiParam.REQUEST_METHOD -> {
                    request.setMethod(b, vOff, vLen);
                    method = vLen > 0;
                }
                case CgiParam.REQUEST_URI -> {
                    uriOff = vOff;
                    uriLen = vLen;
                }
                case CgiParam.QUERY_STRING -> {
                    queryOff = vOff;
                    queryLen = vLen;
                }
                case CgiParam.SERVER_PROTOCOL -> request.protocol().setBytes(b, vOff, vLen);
                case CgiParam.CONTENT_TYPE -> {
                    if (vLen > 0) {
                        addHeaderOnce(headers, CONTENT_TYPE, 0, CONTENT_TYPE.length, b, vOff, vLen);
                    }
                }
                case CgiParam.CONTENT_LENGTH -> {
                    if (vLen > 0) {
                        this.contentLength = CgiParam.parseDecimal(b, vOff, vLen);
                        if (this.contentLength < 0) {
                            return "CONTENT_LENGTH is not a number";
                        }
                        addHeaderOnce(headers, CONTENT_LENGTH, 0, CONTENT_LENGTH.length, b, vOff, vLen);
                    }
                }
                case CgiParam.SCRIPT_NAME -> {
                    scriptOff = vOff;
                    scriptLen = vLen;
                }
                case CgiParam.PATH_INFO -> {
                    pathInfoOff = vOff;
                    pathInfoLen = vLen;
                }
                case CgiParam.REMOTE_ADDR -> {
                    request.remoteAddr().setBytes(b, vOff, vLen);
                    request.remoteHost().setBytes(b, vOff, vLen);
                }
                case CgiParam.REMOTE_PORT ->
                    request.setRemotePort((int) Math.min(CgiParam.parseDecimal(b, vOff, vLen), 65535));
                case CgiParam.REMOTE_USER -> {
                    if (vLen > 0) {
                        request.getRemoteUser().setBytes(b, vOff, vLen);
                    }
                }
                case CgiParam.HTTPS -> secure |= CgiParam.isOn(b, vOff, vLen);
                case CgiParam.REQUEST_SCHEME -> secure |= equalsIgnoreCase(b, vOff, vLen, HTTPS);
                case CgiParam.SERVER_NAME -> {
                    serverNameOff = vOff;
                    serverNameLen = vLen;
                }
                case CgiParam.SERVER_PORT -> serverPort = (int) Math.min(CgiParam.parseDecimal(b, vOff, vLen), 65535);
                case CgiParam.SERVER_ADDR -> request.localAddr().setBytes(b, vOff, vLen);
                case CgiParam.HTTP_HOST -> {
                    // One Host: a second one is a misconfigured front end, and the first
                    // is the one mapped.
                    if (hostOff < 0) {
                        hostOff = vOff;
                        hostLen = vLen;
                        int hOff = CgiParam.toHeaderNameInPlace(b, nOff, nLen);
                        headers.addValue(b, hOff, nLen - (hOff - nOff)).setBytes(b, vOff, vLen);
                    }
                }
                case CgiParam.HTTP_HEADER -> {
                    // A header sent on several lines arrives (nginx before 1.23, h2o) as
                    // several params: each becomes an entry of its own, in order, as
                    // Tomcat's HTTP parser stores several lines, so getHeaders(), content
                    // negotiation, cookies and RemoteIpValve see every line.
                    int hOff = CgiParam.toHeaderNameInPlace(b, nOff, nLen);
                    int hLen = nLen - (hOff - nOff);
                    if (equalsIgnoreCase(b, hOff, hLen, CONTENT_LENGTH)
                            || equalsIgnoreCase(b, hOff, hLen, CONTENT_TYPE)) {
                        // A variant spelling of nginx's HTTP_CONTENT_* duplicates
                        // (HTTP_CONTeNT_LENGTH): the body's length and type come from
                        // CONTENT_LENGTH and CONTENT_TYPE only, and a second
                        // Content-Length would make Tomcat refuse the request ("Duplicate
                        // unique header").
                        continue;
                    }
                    if (nLen == HTTP_COOKIE_LENGTH && equalsIgnoreCase(b, hOff, nLen - (hOff - nOff), COOKIE)) {
                        joinCookieLinesInPlace(b, vOff, vLen);
                    }
                    headers.addValue(b, hOff, nLen - (hOff - nOff)).setBytes(b, vOff, vLen);
                }
                case CgiParam.HTTP_IGNORED -> {
                    // httpoxy, and nginx's duplicates of CONTENT_TYPE/CONTENT_LENGTH
                }
                default -> {
                    if (attributes != null) {
                        exposeAsAttribute(request, attributes, b, nOff, nLen, vOff, vLen);
                    }
                }
            }
        }
        if (!method) {
            return "REQUEST_METHOD is missing";
        }
        if (!mapUri(request, b, uriOff, uriLen, scriptOff, scriptLen, pathInfoOff, pathInfoLen, queryOff, queryLen)) {
            return "REQUEST_URI (or SCRIPT_NAME) is missing";
        }
        request.scheme().setString(secure ? "https" : "http");
        mapServer(request, b, hostOff, hostLen, serverNameOff, serverNameLen, serverPort, secure);
        return null;
    }

    private boolean mapUri(Request request, byte[] b, int uriOff, int uriLen, int scriptOff, int scriptLen,
            int pathInfoOff, int pathInfoLen, int queryOff, int queryLen) {
        if (uriOff >= 0 && uriLen > 0) {
            int end = uriOff + uriLen;
            int start = skipSchemeAndAuthority(b, uriOff, end);
            int question = indexOf(b, start, end, (byte) '?');
            if (question >= 0) {
                request.requestURI().setBytes(b, start, question - start);
                request.queryString().setBytes(b, question + 1, end - question - 1);
                request.queryString().setCharset(StandardCharsets.UTF_8);
            }
            else {
                request.requestURI().setBytes(b, start, end - start);
                setQuery(request, b, queryOff, queryLen);
            }
            // Web servers pass bytes above 0x7F on unencoded (Tomcat's HTTP parser
            // refuses them): they are read as UTF-8, as the percent-encoded form of the
            // same bytes is.
            request.requestURI().setCharset(StandardCharsets.UTF_8);
            return true;
        }
        if (scriptOff < 0 && pathInfoOff < 0) {
            return false;
        }
        // No REQUEST_URI (flup-style and hand-built params): SCRIPT_NAME + PATH_INFO,
        // which CGI passes decoded. Tomcat decodes the request URI once more, so they are
        // percent-encoded back: '%', ';', '?' and bytes outside ASCII then mean what they
        // meant to the web server instead of being decoded a second time.
        int total = Math.max(scriptLen, 0) + Math.max(pathInfoLen, 0);
        if (this.uriScratch == null || this.uriScratch.length < 3 * total + 1) {
            this.uriScratch = new byte[Math.max(256, 3 * total + 1)];
        }
        int n = 0;
        if (scriptLen > 0 && b[scriptOff] != '/') {
            this.uriScratch[n++] = '/';
        }
        if (scriptLen > 0) {
            n = PathEncoding.encode(b, scriptOff, scriptLen, this.uriScratch, n);
        }
        if (pathInfoLen > 0) {
            n = PathEncoding.encode(b, pathInfoOff, pathInfoLen, this.uriScratch, n);
        }
        if (n == 0) {
            this.uriScratch[n++] = '/';
        }
        request.requestURI().setBytes(this.uriScratch, 0, n);
        setQuery(request, b, queryOff, queryLen);
        return true;
    }

    private static void setQuery(Request request, byte[] b, int queryOff, int queryLen) {
        if (queryOff >= 0 && queryLen > 0) {
            request.queryString().setBytes(b, queryOff, queryLen);
            request.queryString().setCharset(StandardCharsets.UTF_8);
        }
    }

    private static int skipSchemeAndAuthority(byte[] b, int start, int end) {
        // An absolute-form target (http://host/path) keeps only its path, as Tomcat's
        // HTTP parser does.
        if (b[start] == '/') {
            return start;
        }
        for (int i = start; i + 2 < end; i++) {
            if (b[i] == ':' && b[i + 1] == '/' && b[i + 2] == '/') {
                int slash = indexOf(b, i + 3, end, (byte) '/');
                return (slash >= 0) ? slash : end;
            }
            if (b[i] == '/' || b[i] == '?') {
                break;
            }
        }
        return start;
    }

    private static void mapServer(Request request, byte[] b, int hostOff, int hostLen, int serverNameOff,
            int serverNameLen, int serverPort, boolean secure) {
        int port = -1;
        if (hostOff >= 0 && hostLen > 0) {
            int end = hostOff + hostLen;
            int colon = -1;
            int searchFrom = hostOff;
            if (b[hostOff] == '[') {
                int close = indexOf(b, hostOff, end, (byte) ']');
                searchFrom = (close >= 0) ? close : end;
            }
            colon = indexOf(b, searchFrom, end, (byte) ':');
            if (colon >= 0) {
                request.serverName().setBytes(b, hostOff, colon - hostOff);
                long p = CgiParam.parseDecimal(b, colon + 1, end - colon - 1);
                port = (p > 0 && p <= 65535) ? (int) p : -1;
            }
            else {
                request.serverName().setBytes(b, hostOff, hostLen);
            }
        }
        else if (serverNameOff >= 0 && serverNameLen > 0) {
            request.serverName().setBytes(b, serverNameOff, serverNameLen);
        }
        if (port < 0) {
            port = (serverPort > 0) ? serverPort : (secure ? 443 : 80);
        }
        request.setServerPort(port);
        request.setLocalPort((serverPort > 0) ? serverPort : port);
        if (serverNameOff >= 0 && serverNameLen > 0) {
            request.localName().setBytes(b, serverNameOff, serverNameLen);
        }
    }

    private static void addHeaderOnce(MimeHeaders headers, byte[] nb, int nOff, int nLen, byte[] vb, int vOff,
            int vLen) {
        for (int i = 0; i < headers.size(); i++) {
            MessageBytes existing = headers.getName(i);
            if (existing.getType() == MessageBytes.T_BYTES && existing.getByteChunk().equals(nb, nOff, nLen)) {
                return;
            }
        }
        headers.addValue(nb, nOff, nLen).setBytes(vb, vOff, vLen);
    }

    /**
     * Apache httpd joins the lines of a header with {@code ", "}, Cookie included, where
     * a browser's several {@code Cookie} lines mean {@code "; "}. A cookie value cannot
     * hold a comma (RFC 6265 leaves it out of cookie-octet), so a comma can only be such
     * a join; left in, Tomcat's cookie parser drops every cookie before the last comma.
     * Each becomes {@code ';'}, in place.
     */
    private static void joinCookieLinesInPlace(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] == ',') {
                b[i] = ';';
            }
        }
    }

    private static void exposeAsAttribute(Request request, Pattern attributes, byte[] b, int nOff, int nLen, int vOff,
            int vLen) {
        String name = new String(b, nOff, nLen, StandardCharsets.ISO_8859_1);
        if (attributes.matcher(name).matches()) {
            request.setAttribute(name, new String(b, vOff, vLen, StandardCharsets.UTF_8));
        }
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean equalsIgnoreCase(byte[] b, int off, int len, byte[] lower) {
        if (len != lower.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if ((b[off + i] | 0x20) != lower[i]) {
                return false;
            }
        }
        return true;
    }

}
