package dev.fcgi.demo.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A deliberately tiny FastCGI responder on a loopback port, used only to check the test
 * harness itself ({@link NginxServer}'s FastCGI configuration, {@link CgiFcgi}) without
 * the real connector. It handles one request at a time per connection, answers
 * {@code text/plain} listing a few received params and the number of STDIN bytes, and
 * remembers the last request's params. It is not a reference implementation of anything.
 */
public final class StubFastCgiResponder implements AutoCloseable {

    private static final int BEGIN_REQUEST = 1;

    private static final int END_REQUEST = 3;

    private static final int PARAMS = 4;

    private static final int STDIN = 5;

    private static final int STDOUT = 6;

    private static final int KEEP_CONN = 1;

    private final ServerSocket listener;

    private final AtomicReference<Map<String, String>> lastParams = new AtomicReference<>(Map.of());

    private StubFastCgiResponder(ServerSocket listener) {
        this.listener = listener;
    }

    /**
     * Starts listening on a free loopback port.
     * @return the running responder
     */
    public static StubFastCgiResponder start() {
        try {
            ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            StubFastCgiResponder responder = new StubFastCgiResponder(listener);
            Thread acceptor = new Thread(responder::acceptLoop, "stub-fcgi-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            return responder;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The port it listens on.
     * @return the port
     */
    public int port() {
        return this.listener.getLocalPort();
    }

    /**
     * The params of the last complete request.
     * @return name to value, in the order received
     */
    public Map<String, String> lastParams() {
        return this.lastParams.get();
    }

    @Override
    public void close() throws IOException {
        this.listener.close();
    }

    private void acceptLoop() {
        while (!this.listener.isClosed()) {
            try {
                Socket connection = this.listener.accept();
                Thread worker = new Thread(() -> serve(connection), "stub-fcgi-" + connection.getPort());
                worker.setDaemon(true);
                worker.start();
            }
            catch (IOException ex) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            DataInputStream in = new DataInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            boolean keepConnection = true;
            while (keepConnection) {
                Map<String, String> params = new LinkedHashMap<>();
                ByteArrayOutputStream paramBytes = new ByteArrayOutputStream();
                long stdinBytes = 0;
                int requestId = 0;
                boolean stdinDone = false;
                while (!stdinDone) {
                    int[] header = readHeader(in);
                    byte[] content = new byte[header[2]];
                    in.readFully(content);
                    in.skipNBytes(header[3]);
                    switch (header[0]) {
                        case BEGIN_REQUEST -> {
                            requestId = header[1];
                            keepConnection = (content[2] & KEEP_CONN) != 0;
                        }
                        case PARAMS -> {
                            if (content.length == 0) {
                                decodeParams(paramBytes.toByteArray(), params);
                            }
                            paramBytes.write(content);
                        }
                        case STDIN -> {
                            stdinBytes += content.length;
                            stdinDone = content.length == 0;
                        }
                        default -> {
                            // Other record types are not needed by the harness checks.
                        }
                    }
                }
                this.lastParams.set(Collections.unmodifiableMap(params));
                String body = "stub REQUEST_METHOD=" + params.get("REQUEST_METHOD") + " REQUEST_URI="
                        + params.get("REQUEST_URI") + " HTTPS=" + params.get("HTTPS") + " stdin=" + stdinBytes + "\n";
                byte[] answer = ("Status: 200 OK\r\nContent-Type: text/plain\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8);
                writeRecord(out, STDOUT, requestId, answer);
                writeRecord(out, STDOUT, requestId, new byte[0]);
                writeRecord(out, END_REQUEST, requestId, new byte[8]);
                out.flush();
            }
        }
        catch (EOFException ex) {
            // The client closed the connection.
        }
        catch (IOException ex) {
            // A broken connection only ends this connection.
        }
    }

    /** Reads a record header: type, request id, content length, padding length. */
    private static int[] readHeader(DataInputStream in) throws IOException {
        byte[] header = new byte[8];
        in.readFully(header);
        return new int[] { header[1] & 0xFF, ((header[2] & 0xFF) << 8) | (header[3] & 0xFF),
                ((header[4] & 0xFF) << 8) | (header[5] & 0xFF), header[6] & 0xFF };
    }

    private static void decodeParams(byte[] bytes, Map<String, String> params) {
        int[] position = { 0 };
        while (position[0] < bytes.length) {
            int nameLength = readLength(bytes, position);
            int valueLength = readLength(bytes, position);
            String name = new String(bytes, position[0], nameLength, StandardCharsets.ISO_8859_1);
            String value = new String(bytes, position[0] + nameLength, valueLength, StandardCharsets.ISO_8859_1);
            position[0] += nameLength + valueLength;
            params.put(name, value);
        }
    }

    private static int readLength(byte[] bytes, int[] position) {
        int first = bytes[position[0]] & 0xFF;
        if (first < 0x80) {
            position[0] += 1;
            return first;
        }
        int length = ((first & 0x7F) << 24) | ((bytes[position[0] + 1] & 0xFF) << 16)
                | ((bytes[position[0] + 2] & 0xFF) << 8) | (bytes[position[0] + 3] & 0xFF);
        position[0] += 4;
        return length;
    }

    private static void writeRecord(OutputStream out, int type, int requestId, byte[] content) throws IOException {
        out.write(new byte[] { 1, (byte) type, (byte) (requestId >> 8), (byte) requestId, (byte) (content.length >> 8),
                (byte) content.length, 0, 0 });
        out.write(content);
    }

}
