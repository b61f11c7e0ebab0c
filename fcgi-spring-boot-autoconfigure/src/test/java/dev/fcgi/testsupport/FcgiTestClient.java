package dev.fcgi.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.fcgi.protocol.FcgiConstants;
import dev.fcgi.protocol.NameValueEncoder;
import dev.fcgi.protocol.RecordType;
import dev.fcgi.protocol.RecordWriter;

/**
 * A blocking FastCGI client over a plain socket, for tests that speak raw records to the
 * connector: whole requests, hand-made record streams, and the records that come back.
 */
public final class FcgiTestClient implements AutoCloseable {

    private final Socket socket;

    private final java.nio.channels.SocketChannel unixChannel;

    private final OutputStream out;

    private final DataInputStream in;

    private FcgiTestClient(Socket socket) throws IOException {
        this.socket = socket;
        this.unixChannel = null;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    private FcgiTestClient(java.nio.channels.SocketChannel channel) {
        this.socket = null;
        this.unixChannel = channel;
        this.out = java.nio.channels.Channels.newOutputStream(channel);
        this.in = new DataInputStream(java.nio.channels.Channels.newInputStream(channel));
    }

    /**
     * Connects to a FastCGI listener on a Unix domain socket (blocking reads, no
     * timeout).
     * @param path the socket file
     * @return the client
     * @throws IOException if the connection fails
     */
    public static FcgiTestClient connectUnix(java.nio.file.Path path) throws IOException {
        java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel
            .open(java.net.StandardProtocolFamily.UNIX);
        channel.connect(java.net.UnixDomainSocketAddress.of(path));
        return new FcgiTestClient(channel);
    }

    /**
     * Connects to a FastCGI listener on loopback.
     * @param port its port
     * @return the client, with a 10 s read timeout
     * @throws IOException if the connection fails
     */
    public static FcgiTestClient connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        return new FcgiTestClient(socket);
    }

    /**
     * @return the underlying socket
     */
    public Socket socket() {
        return this.socket;
    }

    /**
     * The CGI params nginx would send for a request, to start from.
     * @param method request method
     * @param uri request URI with query
     * @return a mutable map
     */
    public static Map<String, String> params(String method, String uri) {
        Map<String, String> params = new LinkedHashMap<>();
        int q = uri.indexOf('?');
        params.put("QUERY_STRING", (q >= 0) ? uri.substring(q + 1) : "");
        params.put("REQUEST_METHOD", method);
        params.put("CONTENT_TYPE", "");
        params.put("CONTENT_LENGTH", "");
        params.put("SCRIPT_NAME", (q >= 0) ? uri.substring(0, q) : uri);
        params.put("REQUEST_URI", uri);
        params.put("SERVER_PROTOCOL", "HTTP/1.1");
        params.put("REQUEST_SCHEME", "http");
        params.put("REMOTE_ADDR", "192.0.2.10");
        params.put("REMOTE_PORT", "40000");
        params.put("SERVER_ADDR", "127.0.0.1");
        params.put("SERVER_PORT", "80");
        params.put("SERVER_NAME", "localhost");
        params.put("HTTP_HOST", "localhost");
        return params;
    }

    /**
     * Sends BEGIN_REQUEST, PARAMS (ended), and STDIN (ended) for one request.
     * @param id request id
     * @param keepConnection set FCGI_KEEP_CONN
     * @param params CGI params
     * @param body request body, may be empty
     * @throws IOException on a write failure
     */
    public void sendRequest(int id, boolean keepConnection, Map<String, String> params, byte[] body)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(beginRequest(id, FcgiConstants.ROLE_RESPONDER, keepConnection));
        bytes.write(stream(RecordType.PARAMS, id, encodeParams(params)));
        bytes.write(record(RecordType.PARAMS, id, new byte[0]));
        bytes.write(stream(RecordType.STDIN, id, body));
        bytes.write(record(RecordType.STDIN, id, new byte[0]));
        send(bytes.toByteArray());
    }

    /**
     * Sends a whole request and reads its response.
     * @param params CGI params
     * @param body request body
     * @return the response
     * @throws IOException on failure
     */
    public Response exchange(Map<String, String> params, byte[] body) throws IOException {
        sendRequest(1, true, params, body);
        return readResponse(1);
    }

    /**
     * Sends raw bytes.
     * @param bytes what to send
     * @throws IOException on a write failure
     */
    public void send(byte[] bytes) throws IOException {
        this.out.write(bytes);
        this.out.flush();
    }

    /**
     * Reads one record.
     * @return the record
     * @throws IOException on a read failure, or EOFException when the connector closed
     * the connection
     */
    public Record readRecord() throws IOException {
        int version = this.in.readUnsignedByte();
        int type = this.in.readUnsignedByte();
        int id = this.in.readUnsignedShort();
        int length = this.in.readUnsignedShort();
        int padding = this.in.readUnsignedByte();
        this.in.readUnsignedByte();
        byte[] content = new byte[length];
        this.in.readFully(content);
        this.in.skipNBytes(padding);
        return new Record(version, type, id, content, padding);
    }

    /**
     * Reads records up to and including END_REQUEST for a request id, and puts together
     * its response.
     * @param id the request id
     * @return the response
     * @throws IOException on failure
     */
    public Response readResponse(int id) throws IOException {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        List<Record> records = new ArrayList<>();
        while (true) {
            Record record = readRecord();
            records.add(record);
            if (record.requestId() != id) {
                continue;
            }
            if (record.type() == RecordType.STDOUT) {
                stdout.write(record.content());
            }
            else if (record.type() == RecordType.END_REQUEST) {
                return new Response(stdout.toByteArray(), record.content()[4] & 0xFF, records);
            }
        }
    }

    /**
     * Tells whether the connector closed the connection (reads until end of stream or a
     * timeout).
     * @param timeoutMillis how long to wait
     * @return true if the stream ended
     * @throws IOException on other failures
     */
    public boolean isClosedByPeer(int timeoutMillis) throws IOException {
        this.socket.setSoTimeout(timeoutMillis);
        try {
            while (true) {
                if (this.in.read() < 0) {
                    return true;
                }
            }
        }
        catch (SocketTimeoutException ex) {
            return false;
        }
        catch (IOException ex) {
            return true;
        }
        finally {
            this.socket.setSoTimeout(10_000);
        }
    }

    @Override
    public void close() throws IOException {
        if (this.socket != null) {
            this.socket.close();
        }
        else {
            this.unixChannel.close();
        }
    }

    // ---- record builders

    /**
     * @param id request id
     * @param role role
     * @param keepConnection FCGI_KEEP_CONN
     * @return a BEGIN_REQUEST record
     */
    public static byte[] beginRequest(int id, int role, boolean keepConnection) {
        return record(RecordType.BEGIN_REQUEST, id,
                new byte[] { (byte) (role >> 8), (byte) role, (byte) (keepConnection ? 1 : 0), 0, 0, 0, 0, 0 });
    }

    /**
     * @param type record type
     * @param id request id
     * @param content content (at most 65,535 bytes)
     * @return the record, padded to a multiple of 8
     */
    public static byte[] record(int type, int id, byte[] content) {
        ByteBuffer buffer = ByteBuffer
            .allocate(FcgiConstants.HEADER_LENGTH + content.length + FcgiConstants.MAX_ALIGNMENT_PADDING);
        int padding = RecordWriter.paddingFor(content.length);
        RecordWriter.putHeader(buffer, type, id, content.length, padding);
        buffer.put(content);
        buffer.position(buffer.position() + padding);
        return java.util.Arrays.copyOf(buffer.array(), buffer.position());
    }

    /**
     * @param type stream type
     * @param id request id
     * @param content stream content, split into records of at most 65,535 bytes (nothing
     * for empty content)
     * @return the records
     */
    public static byte[] stream(int type, int id, byte[] content) {
        ByteBuffer buffer = ByteBuffer.allocate(content.length + RecordWriter.framingOverhead(content.length));
        RecordWriter.putStream(buffer, type, id, content, 0, content.length);
        return java.util.Arrays.copyOf(buffer.array(), buffer.position());
    }

    /**
     * @param params names and values
     * @return their name-value pair encoding
     */
    public static byte[] encodeParams(Map<String, String> params) {
        int size = 0;
        for (Map.Entry<String, String> e : params.entrySet()) {
            size += NameValueEncoder.encodedLength(utf8(e.getKey()).length, utf8(e.getValue()).length);
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        for (Map.Entry<String, String> e : params.entrySet()) {
            NameValueEncoder.encode(buffer, utf8(e.getKey()), utf8(e.getValue()));
        }
        return buffer.array();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One record as received.
     *
     * @param version version byte
     * @param type record type
     * @param requestId request id
     * @param content content bytes
     * @param padding padding length
     */
    public record Record(int version, int type, int requestId, byte[] content, int padding) {
    }

    /**
     * A response put together from STDOUT records.
     *
     * @param stdout all STDOUT bytes: CGI head, empty line, body
     * @param protocolStatus END_REQUEST's protocol status
     * @param records every record read, in order
     */
    public record Response(byte[] stdout, int protocolStatus, List<Record> records) {

        /**
         * @return the CGI head as text
         */
        public String head() {
            int end = headEnd();
            return new String(this.stdout, 0, Math.max(end, 0), StandardCharsets.ISO_8859_1);
        }

        /**
         * @return the status from the {@code Status:} line (200 when absent)
         */
        public int status() {
            for (String line : head().split("\r\n")) {
                if (line.regionMatches(true, 0, "Status:", 0, 7)) {
                    return Integer.parseInt(line.substring(7).trim().substring(0, 3));
                }
            }
            return 200;
        }

        /**
         * @param name header name, any case
         * @return every value of that header, in order
         */
        public List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            for (String line : head().split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    values.add(line.substring(colon + 1).trim());
                }
            }
            return values;
        }

        /**
         * @return the body bytes
         */
        public byte[] body() {
            int end = headEnd();
            return java.util.Arrays.copyOfRange(this.stdout, end + 4, this.stdout.length);
        }

        /**
         * @return the body as UTF-8 text
         */
        public String bodyText() {
            return new String(body(), StandardCharsets.UTF_8);
        }

        private int headEnd() {
            for (int i = 0; i + 3 < this.stdout.length; i++) {
                if (this.stdout[i] == '\r' && this.stdout[i + 1] == '\n' && this.stdout[i + 2] == '\r'
                        && this.stdout[i + 3] == '\n') {
                    return i;
                }
            }
            throw new IllegalStateException("No end of CGI head in " + this.stdout.length + " STDOUT bytes");
        }

    }

}
