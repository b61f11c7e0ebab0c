package dev.fcgi.demo.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads a streamed response body line by line and notes when each line arrived,
 * decompressing gzip as it comes (so that a line counts as arrived when its bytes reach
 * the client, not when the stream ends).
 * <p>
 * Reads bytes, not characters: an {@code InputStreamReader} over a
 * {@link GZIPInputStream} waits for more input than it needs, since the gzip stream
 * always claims bytes are available.
 *
 * @param lines the non-empty lines, in order
 * @param millis when each line arrived, in milliseconds since the request was sent
 * @param gzip whether the body was gzip-encoded
 */
public record LineArrivals(List<String> lines, List<Long> millis, boolean gzip) {

    /**
     * Reads the whole body of a response obtained with
     * {@code BodyHandlers.ofInputStream()}.
     * @param response the response, its body not yet read
     * @param sentNanos {@link System#nanoTime()} when the request was sent
     * @return the lines and their arrival times
     * @throws IOException if reading fails
     */
    public static LineArrivals read(HttpResponse<InputStream> response, long sentNanos) throws IOException {
        boolean gzip = response.headers().firstValue("Content-Encoding").filter("gzip"::equalsIgnoreCase).isPresent();
        List<String> lines = new ArrayList<>();
        List<Long> millis = new ArrayList<>();
        try (InputStream raw = response.body(); InputStream in = gzip ? new GZIPInputStream(raw, 512) : raw) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) != -1) {
                long now = (System.nanoTime() - sentNanos) / 1_000_000;
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        if (line.size() > 0) {
                            lines.add(line.toString(StandardCharsets.UTF_8));
                            millis.add(now);
                        }
                        line.reset();
                    }
                    else if (buffer[i] != '\r') {
                        line.write(buffer[i]);
                    }
                }
            }
            if (line.size() > 0) {
                lines.add(line.toString(StandardCharsets.UTF_8));
                millis.add((System.nanoTime() - sentNanos) / 1_000_000);
            }
        }
        return new LineArrivals(List.copyOf(lines), List.copyOf(millis), gzip);
    }

    /**
     * Milliseconds between the arrival of each line and the next.
     * @return one gap fewer than there are lines
     */
    public List<Long> gaps() {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < this.millis.size(); i++) {
            gaps.add(this.millis.get(i) - this.millis.get(i - 1));
        }
        return gaps;
    }

    /**
     * Milliseconds from the first line's arrival to the last's.
     * @return the spread; 0 with fewer than two lines
     */
    public long spread() {
        return this.millis.isEmpty() ? 0 : this.millis.get(this.millis.size() - 1) - this.millis.get(0);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(this.gzip ? "gzip" : "identity");
        for (int i = 0; i < this.lines.size(); i++) {
            text.append(String.format("%n  +%5d ms  %s", this.millis.get(i), this.lines.get(i)));
        }
        return text.toString();
    }

}
