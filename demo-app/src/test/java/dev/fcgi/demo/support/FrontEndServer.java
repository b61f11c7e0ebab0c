package dev.fcgi.demo.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real front end (Apache httpd, lighttpd, Caddy, HAProxy, nginx) started from a
 * {@link FrontEndTemplate} in a fresh temp directory, listening on a free loopback port,
 * for tests.
 * <p>
 * <pre>{@code
 * try (FrontEndServer apache = FrontEndServer.start(FrontEnd.APACHE, "apache-proxy-fcgi.conf",
 *         Map.of("FCGI_PORT", Integer.toString(fcgiPort)))) {
 *     http.send(HttpRequest.newBuilder(apache.uri("/hello")).build(), ofString());
 * }
 * }</pre>
 * <p>
 * The placeholders {@code @DIR@} (the directory) and {@code @HTTP_PORT@} (the port to
 * listen on) are filled in here; the caller gives the others. Starting fails, never
 * skips, when the program is missing, and a start the program refuses throws with its
 * output, logs and configuration in the message.
 */
public final class FrontEndServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private static final String OUTPUT_FILE = "output.log";

    private final FrontEnd frontEnd;

    private final Path directory;

    private final int port;

    private final Process process;

    private FrontEndServer(FrontEnd frontEnd, Path directory, int port, Process process) {
        this.frontEnd = frontEnd;
        this.directory = directory;
        this.port = port;
        this.process = process;
    }

    /**
     * Renders the template into a fresh directory and starts the front end with it.
     * @param frontEnd which program
     * @param template the template's file name in {@code frontends/}
     * @param values values of the template's placeholders besides {@code @DIR@} and
     * {@code @HTTP_PORT@}
     * @return the running server, accepting connections on {@link #port()}
     */
    public static FrontEndServer start(FrontEnd frontEnd, String template, Map<String, String> values) {
        return start(frontEnd, FrontEndTemplate.load(template), values);
    }

    /**
     * Renders a template, possibly changed by the test, into a fresh directory and starts
     * the front end with it.
     * @param frontEnd which program
     * @param template the template
     * @param values values of the template's placeholders besides {@code @DIR@} and
     * {@code @HTTP_PORT@}
     * @return the running server, accepting connections on {@link #port()}
     */
    public static FrontEndServer start(FrontEnd frontEnd, FrontEndTemplate template, Map<String, String> values) {
        Path binary = FrontEndBinaries.require(frontEnd.binary(), frontEnd.debianPackage());
        try {
            Path directory = Files.createTempDirectory(frontEnd.name().toLowerCase() + "-test-");
            // Apache's children run as nobody and must be able to reach their files.
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
            int port = FreePorts.loopbackPort();
            Map<String, String> all = new HashMap<>(values);
            all.put("DIR", directory.toString());
            all.put("HTTP_PORT", Integer.toString(port));
            Path config = directory.resolve(frontEnd.configFileName());
            Files.writeString(config, template.render(all), StandardCharsets.UTF_8);
            ProcessBuilder builder = new ProcessBuilder(frontEnd.command(binary, directory, config))
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve(OUTPUT_FILE).toFile());
            builder.environment().putAll(frontEnd.environment(directory));
            Process process = builder.start();
            FrontEndServer server = new FrontEndServer(frontEnd, directory, port, process);
            if (!FreePorts.awaitAccepting(port, START_TIMEOUT, process::isAlive) || !process.isAlive()) {
                server.stop();
                throw new IllegalStateException(frontEnd + " did not start listening on port " + port + "\n"
                        + server.logs() + "--- " + config + " ---\n" + Files.readString(config));
            }
            return server;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start " + frontEnd, ex);
        }
    }

    /**
     * The loopback port the front end listens on for HTTP.
     * @return the port
     */
    public int port() {
        return this.port;
    }

    /**
     * The address of a path on this front end.
     * @param pathAndQuery path with a leading slash, and an optional query
     * @return such as {@code http://127.0.0.1:41234/hello}
     */
    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + this.port + pathAndQuery);
    }

    /**
     * The directory holding the configuration, logs and pid file.
     * @return the directory
     */
    public Path directory() {
        return this.directory;
    }

    /**
     * The program's output and every {@code *.log} file in its directory, for assertion
     * messages.
     * @return the text
     */
    public String logs() {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.list(this.directory)) {
            for (Path file : files.filter((f) -> f.getFileName().toString().endsWith(".log")).sorted().toList()) {
                text.append("--- ")
                    .append(file.getFileName())
                    .append(" ---\n")
                    .append(Files.readString(file, StandardCharsets.ISO_8859_1));
            }
        }
        catch (IOException ex) {
            text.append("(could not read the logs: ").append(ex).append(")\n");
        }
        return text.toString();
    }

    /**
     * Stops the program and everything it started; the directory stays.
     */
    public void stop() {
        List<ProcessHandle> children = this.process.descendants().toList();
        this.process.destroy();
        try {
            if (!this.process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                this.process.destroyForcibly();
                this.process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        catch (InterruptedException ex) {
            this.process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * Stops the program and deletes its directory.
     */
    @Override
    public void close() {
        stop();
        try (Stream<Path> paths = Files.walk(this.directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
        }
        catch (IOException ex) {
            // Best effort: a leftover temp directory is harmless.
        }
    }

    @Override
    public String toString() {
        return this.frontEnd + " on port " + this.port;
    }

}
