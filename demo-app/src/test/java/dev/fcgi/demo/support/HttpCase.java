package dev.fcgi.demo.support;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request of the differential corpus, kept as the bytes a client puts on the wire, so
 * that it can be sent unchanged to Tomcat's HTTP connector and to every front end, and
 * turned into the CGI variables a gateway without {@code REQUEST_URI} (flup-style, a
 * hand-built {@code cgi-fcgi} environment) would pass.
 *
 * @param name what the case is about
 * @param method the request method
 * @param target the request target as sent (raw bytes: may hold unencoded UTF-8)
 * @param protocol {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param headers header lines, in order; a name may repeat; {@code Host} and
 * {@code Connection} are added unless given
 * @param body the request body (sent with its {@code Content-Length} unless a header says
 * otherwise)
 */
public record HttpCase(String name, String method, byte[] target, String protocol, List<String[]> headers,
        byte[] body) {

    /**
     * The host every case names, without a port: a port mapping or load balancer would
     * hide the real one anyway.
     */
    public static final String HOST = "example.test";

    /**
     * A GET of a target given as text (UTF-8).
     * @param name what the case is about
     * @param target the request target
     * @param headers name/value pairs
     * @return the case
     */
    public static HttpCase get(String name, String target, String... headers) {
        return of(name, "GET", target, new byte[0], headers);
    }

    /**
     * A request with a body.
     * @param name what the case is about
     * @param method the method
     * @param target the request target
     * @param body the body
     * @param headers name/value pairs
     * @return the case
     */
    public static HttpCase of(String name, String method, String target, byte[] body, String... headers) {
        List<String[]> list = new ArrayList<>();
        for (int i = 0; i < headers.length; i += 2) {
            list.add(new String[] { headers[i], headers[i + 1] });
        }
        return new HttpCase(name, method, target.getBytes(StandardCharsets.UTF_8), "HTTP/1.1", list, body);
    }

    /**
     * The same request sent as HTTP/1.0.
     * @return the case
     */
    public HttpCase http10() {
        return new HttpCase(this.name, this.method, this.target, "HTTP/1.0", this.headers, this.body);
    }

    /**
     * The request as bytes on the wire.
     * @return head and body
     */
    public byte[] wireBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, this.method + " ");
        out.writeBytes(this.target);
        write(out, " " + this.protocol + "\r\n");
        if (header("Host") == null) {
            write(out, "Host: " + HOST + "\r\n");
        }
        for (String[] header : this.headers) {
            write(out, header[0] + ": " + header[1] + "\r\n");
        }
        if (header("Connection") == null) {
            write(out, "Connection: close\r\n");
        }
        boolean chunked = "chunked".equalsIgnoreCase(header("Transfer-Encoding"));
        if (this.body.length > 0 && !chunked && header("Content-Length") == null) {
            write(out, "Content-Length: " + this.body.length + "\r\n");
        }
        write(out, "\r\n");
        if (chunked) {
            write(out, Integer.toHexString(this.body.length) + "\r\n");
            out.writeBytes(this.body);
            write(out, "\r\n0\r\n\r\n");
        }
        else {
            out.writeBytes(this.body);
        }
        return out.toByteArray();
    }

    /**
     * The CGI variables a gateway that does not send {@code REQUEST_URI} passes for this
     * request: the path decoded into {@code PATH_INFO} (as CGI/1.1 says), the query raw
     * in {@code QUERY_STRING}, each header as {@code HTTP_*} (lines of one header joined
     * as a CGI environment must, with {@code , }; cookies with {@code ; }).
     * @return the variables, for {@link CgiFcgi#run}
     */
    public Map<String, String> cgiEnvironment() {
        String target = new String(this.target, StandardCharsets.UTF_8);
        if (target.startsWith("http://")) {
            int slash = target.indexOf('/', 7);
            target = (slash < 0) ? "/" : target.substring(slash);
        }
        int question = target.indexOf('?');
        String path = (question < 0) ? target : target.substring(0, question);
        String query = (question < 0) ? "" : target.substring(question + 1);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("GATEWAY_INTERFACE", "CGI/1.1");
        environment.put("SERVER_PROTOCOL", this.protocol);
        environment.put("REQUEST_METHOD", this.method);
        environment.put("SCRIPT_NAME", "");
        environment.put("PATH_INFO", percentDecode(path));
        environment.put("QUERY_STRING", query);
        environment.put("SERVER_NAME", HOST);
        environment.put("SERVER_PORT", "80");
        environment.put("REMOTE_ADDR", "127.0.0.1");
        environment.put("REMOTE_PORT", "54321");
        environment.put("HTTP_HOST", HOST);
        environment.put("HTTP_CONNECTION", "close");
        for (String[] header : this.headers) {
            String name = header[0];
            if (name.equalsIgnoreCase("Host") || name.equalsIgnoreCase("Transfer-Encoding")) {
                continue;
            }
            if (name.equalsIgnoreCase("Content-Type")) {
                environment.put("CONTENT_TYPE", header[1]);
                continue;
            }
            if (name.equalsIgnoreCase("Content-Length")) {
                environment.put("CONTENT_LENGTH", header[1]);
                continue;
            }
            String variable = "HTTP_" + name.toUpperCase().replace('-', '_');
            String separator = name.equalsIgnoreCase("Cookie") ? "; " : ", ";
            environment.merge(variable, header[1], (a, b) -> a + separator + b);
        }
        if (this.body.length > 0) {
            environment.put("CONTENT_LENGTH", Integer.toString(this.body.length));
        }
        return environment;
    }

    /**
     * The path of the target, for messages.
     * @return the target as text
     */
    public String targetText() {
        return new String(this.target, StandardCharsets.UTF_8);
    }

    /**
     * The URI the client asked for, to resolve a relative {@code Location} against.
     * @return {@code http://example.test} and the target's path
     */
    public URI requestUri() {
        String target = targetText();
        if (target.startsWith("http://")) {
            return URI.create(target.replace(" ", "%20"));
        }
        String ascii = new String(PathEncodingForTests.encodeNonAscii(this.target), StandardCharsets.US_ASCII);
        return URI.create("http://" + HOST + ascii);
    }

    private String header(String name) {
        for (String[] header : this.headers) {
            if (header[0].equalsIgnoreCase(name)) {
                return header[1];
            }
        }
        return null;
    }

    private static String percentDecode(String path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
                out.write(Integer.parseInt(new String(bytes, i + 1, 2, StandardCharsets.US_ASCII), 16));
                i += 2;
            }
            else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public String toString() {
        return this.name + " (" + this.method + " " + targetText() + " " + this.protocol + ")";
    }

    /**
     * Encodes what {@link URI} would refuse in a target, for resolving redirects against
     * it.
     */
    private static final class PathEncodingForTests {

        static byte[] encodeNonAscii(byte[] target) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte b : target) {
                int c = b & 0xFF;
                if (c > 0x7E || c <= 0x20 || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`'
                        || c == '{' || c == '|' || c == '}') {
                    out.writeBytes(String.format("%%%02X", c).getBytes(StandardCharsets.US_ASCII));
                }
                else {
                    out.write(c);
                }
            }
            return out.toByteArray();
        }

    }

}
