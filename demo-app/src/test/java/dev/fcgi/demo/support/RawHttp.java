package dev.fcgi.demo.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sends a request exactly as given, byte for byte, over a fresh TCP connection and reads
 * the answer until the server closes it: the one HTTP client that can send what other
 * clients tidy away (a header on several lines, raw UTF-8 in the target, an absolute-form
 * target, odd whitespace). Interim 1xx answers are skipped; a chunked body is decoded.
 */
public final class RawHttp {

    private static final int TIMEOUT_MILLIS = 20_000;

    private RawHttp() {
    }

    /**
     * Sends one request and reads its answer.
     * @param port the server's port on 127.0.0.1
     * @param request the whole request: head, empty line and body; it should say
     * {@code Connection: close}
     * @return the answer
     */
    public static HttpAnswer exchange(int port, byte[] request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            return parse(in.readAllBytes());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Exchange with 127.0.0.1:" + port + " failed", ex);
        }
    }

    /**
     * Parses an HTTP/1.x answer read to its end.
     * @param bytes the bytes the server sent
     * @return the final answer
     */
    static HttpAnswer parse(byte[] bytes) {
        int position = 0;
        while (true) {
            int headEnd = indexOf(bytes, position, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            if (headEnd < 0) {
                throw new IllegalStateException(
                        "No complete HTTP head in: " + new String(bytes, StandardCharsets.ISO_8859_1));
            }
            String head = new String(bytes, position, headEnd - position, StandardCharsets.ISO_8859_1);
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ", 3)[1]);
            position = headEnd + 4;
            if (status >= 100 && status < 200) {
                continue;
            }
            List<HttpAnswer.Header> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.add(new HttpAnswer.Header(lines[i].substring(0, colon).trim(),
                        lines[i].substring(colon + 1).trim()));
            }
            byte[] rest = Arrays.copyOfRange(bytes, position, bytes.length);
            boolean chunked = headers.stream()
                .anyMatch((h) -> h.name().equalsIgnoreCase("Transfer-Encoding")
                        && h.value().toLowerCase().contains("chunked"));
            return new HttpAnswer(status, headers, chunked ? dechunk(rest) : rest);
        }
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int position = 0;
        while (position < body.length) {
            int lineEnd = indexOf(body, position, new byte[] { '\r', '\n' });
            String sizeLine = new String(body, position, lineEnd - position, StandardCharsets.US_ASCII);
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon >= 0) ? sizeLine.substring(0, semicolon) : sizeLine.trim(), 16);
            position = lineEnd + 2;
            if (size == 0) {
                break;
            }
            out.write(body, position, size);
            position += size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, int from, byte[] needle) {
        outer: for (int i = from; i <= bytes.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

}
