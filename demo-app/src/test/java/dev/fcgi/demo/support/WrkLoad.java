package dev.fcgi.demo.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP load run by {@code wrk} (Debian package {@code wrk}) in the background, and
 * what it counted: requests, answers other than 2xx/3xx, and socket errors.
 */
public final class WrkLoad {

    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");

    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    private static final Pattern SOCKET_ERRORS = Pattern
        .compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private final Process process;

    private WrkLoad(Process process) {
        this.process = process;
    }

    /**
     * Starts {@code wrk -t2 -c<connections> -d<duration>} against a URI.
     * @param uri the address to load
     * @param connections HTTP connections kept open
     * @param duration how long
     * @return the running load
     */
    public static WrkLoad start(URI uri, int connections, Duration duration) {
        String wrk = FrontEndBinaries.require("wrk", "wrk").toString();
        try {
            return new WrkLoad(
                    new ProcessBuilder(List.of(wrk, "-t2", "-c" + connections, "-d" + duration.toSeconds() + "s",
                            "--timeout", "10s", uri.toString()))
                        .redirectErrorStream(true)
                        .start());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start wrk", ex);
        }
    }

    /**
     * Waits for the run to end and reads its counts.
     * @return the counts
     */
    public Result await() {
        try {
            String output = new String(this.process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            this.process.waitFor();
            return new Result(count(REQUESTS, output, 1), count(NON_2XX, output, 1),
                    count(SOCKET_ERRORS, output, 1) + count(SOCKET_ERRORS, output, 2) + count(SOCKET_ERRORS, output, 3)
                            + count(SOCKET_ERRORS, output, 4),
                    output);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for wrk", ex);
        }
    }

    private static long count(Pattern pattern, String output, int group) {
        Matcher matcher = pattern.matcher(output);
        return matcher.find() ? Long.parseLong(matcher.group(group)) : 0;
    }

    /**
     * What a wrk run counted.
     *
     * @param requests requests completed
     * @param non2xx answers with a status other than 2xx or 3xx
     * @param socketErrors connect, read, write errors and timeouts
     * @param output wrk's report
     */
    public record Result(long requests, long non2xx, long socketErrors, String output) {

        /**
         * Requests that did not get a good answer.
         * @return non-2xx/3xx answers plus socket errors
         */
        public long failed() {
            return this.non2xx + this.socketErrors;
        }

    }

}
