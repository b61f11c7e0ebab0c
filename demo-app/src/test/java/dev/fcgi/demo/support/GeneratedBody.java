package dev.fcgi.demo.support;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.util.Arrays;

/**
 * Request bodies of any length made up on the fly (zeros), so that a test can send
 * gigabytes without holding them: an {@link InputStream} and an
 * {@link HttpRequest.BodyPublisher} with a known length (the client then sends
 * {@code Content-Length}, not chunks).
 */
public final class GeneratedBody {

    private GeneratedBody() {
    }

    /**
     * A publisher of {@code length} zero bytes with a declared length.
     * @param length how many bytes
     * @return the publisher; each subscription reads a fresh stream
     */
    public static HttpRequest.BodyPublisher zeros(long length) {
        return HttpRequest.BodyPublishers
            .fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> zeroStream(length)), length);
    }

    /**
     * A publisher of {@code length} zero bytes without a declared length (the client
     * sends chunks).
     * @param length how many bytes
     * @return the publisher
     */
    public static HttpRequest.BodyPublisher zerosOfUnknownLength(long length) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> zeroStream(length));
    }

    /**
     * A stream of {@code length} zero bytes that allocates nothing per byte.
     * @param length how many bytes
     * @return the stream
     */
    public static InputStream zeroStream(long length) {
        return new InputStream() {

            private long remaining = length;

            @Override
            public int read() {
                if (this.remaining <= 0) {
                    return -1;
                }
                this.remaining--;
                return 0;
            }

            @Override
            public int read(byte[] buffer, int offset, int count) {
                if (count == 0) {
                    return 0;
                }
                if (this.remaining <= 0) {
                    return -1;
                }
                int n = (int) Math.min(count, this.remaining);
                Arrays.fill(buffer, offset, offset + n, (byte) 0);
                this.remaining -= n;
                return n;
            }

        };
    }

}
