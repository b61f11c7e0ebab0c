package dev.fcgi.demo.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real nginx ({@code /usr/sbin/nginx}, Debian's) running in the foreground in front of
 * one upstream, for tests. Each instance gets a fresh temp directory holding its
 * {@code nginx.conf}, pid file, logs and temp files, and listens on a free loopback port.
 * <p>
 * <pre>{@code
 * try (NginxServer nginx = NginxServer.builder(NginxUpstream.fastCgiTcp("127.0.0.1", fcgiPort))
 *         .requestBuffering(false)
 *         .serverDirective("fastcgi_param HTTPS on;")
 *         .start()) {
 *     HttpResponse<String> answer = http.send(HttpRequest.newBuilder(nginx.uri("/hello")).build(), ofString());
 *     assertThat(answer.body()).as(nginx.errorLog()).isEqualTo("hello");
 * }
 * }</pre>
 * <p>
 * Starting fails (never skips) when nginx is not installed, and a start that nginx
 * refuses throws with the error log, nginx's own output and the configuration in the
 * message.
 *
 * @see NginxConfig for the generated configuration
 */
public final class NginxServer implements AutoCloseable {

    /** File name of the error log inside {@link #directory()}. */
    public static final String ERROR_LOG = "error.log";

    /** File name of the access log inside {@link #directory()}. */
    public static final String ACCESS_LOG = "access.log";

    private static final String CONFIG_FILE = "nginx.conf";

    private static final String OUTPUT_FILE = "nginx.out";

    private static final int START_ATTEMPTS = 3;

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private static final Pattern VERSION = Pattern.compile("nginx/(\\d+)\\.(\\d+)\\.(\\d+)");

    private static volatile Boolean errorLogOptionSupported;

    private final NginxConfig config;

    private final Duration startTimeout;

    private final String workerUser;

    private Path directory;

    private int port = -1;

    private Process process;

    private Thread killOnExit;

    private NginxServer(NginxConfig config, Duration startTimeout, String workerUser) {
        this.config = config;
        this.startTimeout = startTimeout;
        this.workerUser = workerUser;
    }

    /**
     * Starts describing an nginx in front of an upstream.
     * @param upstream where nginx passes requests
     * @return a builder; finish with {@link Builder#start()}
     */
    public static Builder builder(NginxUpstream upstream) {
        return new Builder(upstream);
    }

    /**
     * Writes the configuration into a fresh temp directory (the same one again after
     * {@link #stop()}), starts nginx and waits until its port accepts connections. A port
     * taken by someone else in the meantime is retried with another one.
     * @return this server, running
     * @throws IllegalStateException if nginx is missing, refuses the configuration, exits
     * or does not listen in time; the message holds the error log and the configuration
     */
    public synchronized NginxServer start() {
        if (this.process != null) {
            throw new IllegalStateException("nginx is already running on port " + this.port);
        }
        Path nginx = FrontEndBinaries.require("nginx", "nginx-light");
        if (this.config.upstream().fastCgi() && !Files.isReadable(Path.of(NginxConfig.FASTCGI_PARAMS))) {
            throw new IllegalStateException(NginxConfig.FASTCGI_PARAMS
                    + " is missing; it comes with Debian's nginx-common package (apt-get install nginx-light)");
        }
        try {
            if (this.directory == null) {
                this.directory = Files.createTempDirectory("nginx-test-");
            }
            for (int attempt = 1;; attempt++) {
                String failure = launch(nginx, FreePorts.loopbackPort());
                if (failure == null) {
                    return this;
                }
                if (attempt >= START_ATTEMPTS || !failure.contains("Address already in use")) {
                    throw new IllegalStateException(failure);
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start nginx in " + this.directory, ex);
        }
    }

    /** Starts nginx once; answers {@code null} when it listens, or why it does not. */
    private String launch(Path nginx, int candidatePort) throws IOException {
        String text = this.config.render(this.directory, candidatePort,
                (this.workerUser != null) ? this.workerUser : workerUser());
        Files.writeString(this.directory.resolve(CONFIG_FILE), text, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(nginx.toString(), "-p", this.directory + "/", "-c",
                this.directory.resolve(CONFIG_FILE).toString()));
        if (supportsErrorLogOption(nginx)) {
            // Early errors (before the config is read) go here too, not to
            // /var/log/nginx.
            command.addAll(List.of("-e", this.directory.resolve(ERROR_LOG).toString()));
        }
        command.addAll(List.of("-g", "daemon off;"));
        Process started = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(this.directory.resolve(OUTPUT_FILE).toFile())
            .start();
        boolean listening = FreePorts.awaitAccepting(candidatePort, this.startTimeout, started::isAlive);
        if (listening && started.isAlive()) {
            this.process = started;
            this.port = candidatePort;
            this.killOnExit = new Thread(() -> destroyTree(started), "nginx-killer-" + candidatePort);
            Runtime.getRuntime().addShutdownHook(this.killOnExit);
            return null;
        }
        String why = started.isAlive()
                ? "nginx did not accept connections on port " + candidatePort + " within " + this.startTimeout
                : "nginx exited with status " + exitStatus(started);
        destroyTree(started);
        return why + " (command: " + String.join(" ", command) + ")\n--- error log ---\n" + errorLog()
                + "--- nginx output ---\n" + read(OUTPUT_FILE) + "--- " + this.directory.resolve(CONFIG_FILE) + " ---\n"
                + numbered(text);
    }

    /**
     * The loopback port nginx listens on.
     * @return the port
     * @throws IllegalStateException if not started
     */
    public synchronized int port() {
        requireStarted();
        return this.port;
    }

    /**
     * The address of a path on this nginx, such as
     * {@code http://127.0.0.1:41234/hello?q=1}.
     * @param pathAndQuery path (with a leading slash) and optional query, not encoded
     * further
     * @return the URI
     */
    public URI uri(String pathAndQuery) {
        String path = pathAndQuery.startsWith("/") ? pathAndQuery : "/" + pathAndQuery;
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /**
     * The directory holding the configuration, pid file, logs and temp files.
     * @return the directory, or {@code null} before the first start
     */
    public synchronized Path directory() {
        return this.directory;
    }

    /**
     * The configuration nginx runs with.
     * @return the settings
     */
    public NginxConfig config() {
        return this.config;
    }

    /**
     * The generated {@code nginx.conf}.
     * @return its text, or an empty string before the first start
     */
    public String configText() {
        return read(CONFIG_FILE);
    }

    /**
     * The error log so far (level {@code info}): upstream failures, protocol errors,
     * closed connections.
     * @return its text, empty if there is none
     */
    public String errorLog() {
        return read(ERROR_LOG);
    }

    /**
     * The access log so far, one line per request in the {@code harness} format: client,
     * request line, status, body bytes, request time, upstream address, status, response
     * and connect times, gzip ratio.
     * @return its text, empty if there is none
     */
    public String accessLog() {
        return read(ACCESS_LOG);
    }

    /**
     * The access log once it holds a fragment: nginx writes a request's line when it
     * finalises the request, which can be just after the client has the whole answer.
     * @param fragment text to wait for
     * @return the log's text, with or without the fragment after 5 seconds
     * @throws InterruptedException if interrupted while waiting
     */
    public String accessLogOnceItContains(String fragment) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        String log = accessLog();
        while (!log.contains(fragment) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            log = accessLog();
        }
        return log;
    }

    /**
     * Whether nginx is running.
     * @return {@code true} between a successful start and stop
     */
    public synchronized boolean isRunning() {
        return this.process != null && this.process.isAlive();
    }

    /**
     * Stops nginx (fast shutdown, forcibly after ten seconds). The directory and its logs
     * stay, so that {@link #errorLog()} and {@link #accessLog()} still answer;
     * {@link #close()} removes them. Does nothing if nginx is not running.
     */
    public synchronized void stop() {
        if (this.process == null) {
            return;
        }
        destroyTree(this.process);
        try {
            Runtime.getRuntime().removeShutdownHook(this.killOnExit);
        }
        catch (IllegalStateException ex) {
            // The JVM is already shutting down; the hook runs anyway.
        }
        this.process = null;
        this.killOnExit = null;
    }

    /**
     * Stops nginx and deletes its directory.
     */
    @Override
    public synchronized void close() {
        stop();
        if (this.directory != null) {
            deleteRecursively(this.directory);
        }
    }

    @Override
    public String toString() {
        return "nginx on port " + this.port + " in front of " + this.config.upstream();
    }

    private void requireStarted() {
        if (this.process == null) {
            throw new IllegalStateException("nginx is not running; call start() first");
        }
    }

    private String read(String fileName) {
        Path dir = directory();
        if (dir == null) {
            return "";
        }
        Path file = dir.resolve(fileName);
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        }
        catch (IOException ex) {
            return "(could not read " + file + ": " + ex + ")\n";
        }
    }

    /**
     * As root, workers would run as {@code nobody} and could not reach the test's sockets
     * and files.
     */
    private static String workerUser() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid) ? "root" : null;
        }
        catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
            return "root".equals(System.getProperty("user.name")) ? "root" : null;
        }
    }

    /** {@code -e} (error log at start-up) exists from nginx 1.19.5 on. */
    private static boolean supportsErrorLogOption(Path nginx) {
        Boolean known = errorLogOptionSupported;
        if (known == null) {
            known = askSupportsErrorLogOption(nginx);
            errorLogOptionSupported = known;
        }
        return known;
    }

    private static boolean askSupportsErrorLogOption(Path nginx) {
        try {
            Process version = new ProcessBuilder(nginx.toString(), "-v").redirectErrorStream(true).start();
            String output = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            version.waitFor(5, TimeUnit.SECONDS);
            Matcher matcher = VERSION.matcher(output);
            if (!matcher.find()) {
                return false;
            }
            int major = Integer.parseInt(matcher.group(1));
            int minor = Integer.parseInt(matcher.group(2));
            int patch = Integer.parseInt(matcher.group(3));
            return major > 1 || (major == 1 && (minor > 19 || (minor == 19 && patch >= 5)));
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void destroyTree(Process process) {
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        catch (InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        workers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static String exitStatus(Process process) {
        try {
            process.waitFor(1, TimeUnit.SECONDS);
            return process.isAlive() ? "(still running)" : Integer.toString(process.exitValue());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "(unknown)";
        }
    }

    private static String numbered(String text) {
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i == lines.length - 1 && lines[i].isEmpty()) {
                break;
            }
            out.append(String.format("%3d  %s%n", i + 1, lines[i]));
        }
        return out.toString();
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
        }
        catch (IOException ex) {
            // Best effort: a leftover temp directory is harmless.
        }
    }

    /**
     * Describes an nginx before it starts. Defaults: nginx's request buffering on, gzip
     * on, no extra directives, ten seconds to start.
     */
    public static final class Builder {

        private final NginxUpstream upstream;

        private boolean requestBuffering = true;

        private boolean gzip = true;

        private final List<String> httpDirectives = new ArrayList<>();

        private final List<String> serverDirectives = new ArrayList<>();

        private final List<String> locationDirectives = new ArrayList<>();

        private Duration startTimeout = Duration.ofSeconds(10);

        private String workerUser;

        private Builder(NginxUpstream upstream) {
            this.upstream = upstream;
        }

        /**
         * Whether nginx reads the whole request body before passing the request on
         * ({@code on}, nginx's default) or streams it
         * ({@code fastcgi_request_buffering off} / {@code proxy_request_buffering off}).
         * @param requestBuffering {@code false} to stream request bodies
         * @return this builder
         */
        public Builder requestBuffering(boolean requestBuffering) {
            this.requestBuffering = requestBuffering;
            return this;
        }

        /**
         * Whether gzip is on for {@value NginxConfig#GZIP_TYPES} (on by default).
         * @param gzip {@code false} to leave responses uncompressed
         * @return this builder
         */
        public Builder gzip(boolean gzip) {
            this.gzip = gzip;
            return this;
        }

        /**
         * Adds a directive to the {@code http} block, such as
         * {@code fastcgi_buffering off;}.
         * @param directive the directive; a missing final {@code ;} is added
         * @return this builder
         */
        public Builder httpDirective(String directive) {
            this.httpDirectives.add(directive);
            return this;
        }

        /**
         * Adds a directive to the {@code server} block, after the stock
         * {@code fastcgi_params}, such as {@code fastcgi_param HTTPS on;}. Put
         * {@code fastcgi_param}s here: nginx drops inherited ones in a block that
         * declares its own.
         * @param directive the directive; a missing final {@code ;} is added
         * @return this builder
         */
        public Builder serverDirective(String directive) {
            this.serverDirectives.add(directive);
            return this;
        }

        /**
         * Adds a directive to {@code location /}, after the {@code fastcgi_pass} or
         * {@code proxy_pass}, such as {@code fastcgi_read_timeout 5s;}. A
         * {@code fastcgi_param} here would hide every server-level one: use
         * {@link #serverDirective(String)} for those.
         * @param directive the directive; a missing final {@code ;} is added
         * @return this builder
         */
        public Builder locationDirective(String directive) {
            this.locationDirectives.add(directive);
            return this;
        }

        /**
         * How long to wait for nginx to accept connections.
         * @param startTimeout the longest wait
         * @return this builder
         */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /**
         * The user nginx's worker processes run as (the {@code user} directive), as a
         * packaged nginx runs them ({@code www-data} on Debian); nginx must start as root
         * for this. Unset: root when the tests run as root, so that workers reach the
         * test's files.
         * @param workerUser the user name
         * @return this builder
         */
        public Builder workerUser(String workerUser) {
            this.workerUser = workerUser;
            return this;
        }

        /**
         * The described nginx, not started.
         * @return the server
         */
        public NginxServer build() {
            return new NginxServer(new NginxConfig(this.upstream, this.requestBuffering, this.gzip, this.httpDirectives,
                    this.serverDirectives, this.locationDirectives), this.startTimeout, this.workerUser);
        }

        /**
         * The described nginx, started.
         * @return the running server
         * @see NginxServer#start()
         */
        public NginxServer start() {
            return build().start();
        }

    }

}
