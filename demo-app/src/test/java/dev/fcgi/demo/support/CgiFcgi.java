package dev.fcgi.demo.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Sends one request to a FastCGI server with {@code cgi-fcgi -bind -connect ADDRESS}
 * (Debian package {@code libfcgi-bin}), the simplest real FastCGI client: it turns its
 * environment into PARAMS and its standard input into STDIN, and prints the application's
 * STDOUT.
 * <p>
 * The process sees only the variables given, as under {@code env -i}. {@code cgi-fcgi}
 * sends exactly {@code CONTENT_LENGTH} bytes of standard input, so when a body is given
 * without {@code CONTENT_LENGTH}, it is added.
 * <p>
 * <pre>{@code
 * Map<String, String> env = CgiFcgi.requestEnvironment("GET", "/request?q=1");
 * env.put("HTTPS", "on");
 * CgiFcgiResult result = CgiFcgi.tcp("127.0.0.1", 9000).run(env);
 * assertThat(result.status()).isEqualTo(200);
 * assertThat(result.bodyText()).contains("\"scheme\":\"https\"");
 * }</pre>
 */
public final class CgiFcgi {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final String address;

    private final Duration timeout;

    private CgiFcgi(String address, Duration timeout) {
        this.address = address;
        this.timeout = timeout;
    }

    /**
     * A client for a FastCGI server on TCP.
     * @param host host name or address
     * @param port TCP port
     * @return the client
     */
    public static CgiFcgi tcp(String host, int port) {
        return new CgiFcgi(host + ":" + port, DEFAULT_TIMEOUT);
    }

    /**
     * A client for a FastCGI server on a Unix domain socket.
     * @param socket the socket file
     * @return the client
     */
    public static CgiFcgi unixSocket(Path socket) {
        String path = socket.toAbsolutePath().toString();
        if (path.indexOf(':') >= 0) {
            throw new IllegalArgumentException("cgi-fcgi would read a socket path with ':' as host:port: " + path);
        }
        return new CgiFcgi(path, DEFAULT_TIMEOUT);
    }

    /**
     * The same client with another time limit per request (30 seconds unless changed).
     * @param timeout how long a request may take before {@code cgi-fcgi} is killed
     * @return a new client
     */
    public CgiFcgi withTimeout(Duration timeout) {
        return new CgiFcgi(this.address, Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * The CGI variables a web server would send for a simple request from
     * {@code 127.0.0.1} to {@code localhost:80}: {@code GATEWAY_INTERFACE},
     * {@code SERVER_SOFTWARE}, {@code SERVER_PROTOCOL}, {@code SERVER_NAME},
     * {@code SERVER_PORT}, {@code REMOTE_ADDR}, {@code REMOTE_PORT},
     * {@code REQUEST_METHOD}, {@code REQUEST_URI}, {@code SCRIPT_NAME},
     * {@code QUERY_STRING}.
     * @param method the request method
     * @param requestUri path and optional query, as sent on the request line
     * @return a mutable map, in that order, to add to or change
     */
    public static Map<String, String> requestEnvironment(String method, String requestUri) {
        URI uri = URI.create(requestUri);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("GATEWAY_INTERFACE", "CGI/1.1");
        environment.put("SERVER_SOFTWARE", "cgi-fcgi");
        environment.put("SERVER_PROTOCOL", "HTTP/1.1");
        environment.put("SERVER_NAME", "localhost");
        environment.put("SERVER_PORT", "80");
        environment.put("REMOTE_ADDR", "127.0.0.1");
        environment.put("REMOTE_PORT", "54321");
        environment.put("REQUEST_METHOD", method);
        environment.put("REQUEST_URI", requestUri);
        environment.put("SCRIPT_NAME", uri.getRawPath());
        environment.put("QUERY_STRING", (uri.getRawQuery() != null) ? uri.getRawQuery() : "");
        return environment;
    }

    /**
     * Sends a request without a body.
     * @param environment the CGI variables, sent as PARAMS
     * @return what {@code cgi-fcgi} printed and its exit code
     */
    public CgiFcgiResult run(Map<String, String> environment) {
        return run(environment, new byte[0]);
    }

    /**
     * Sends a request with a body.
     * @param environment the CGI variables, sent as PARAMS; {@code CONTENT_LENGTH} is
     * added when missing and the body is not empty
     * @param stdin the request body
     * @return what {@code cgi-fcgi} printed and its exit code
     * @throws IllegalStateException if {@code cgi-fcgi} is not installed or does not
     * finish in time
     */
    public CgiFcgiResult run(Map<String, String> environment, byte[] stdin) {
        Path cgiFcgi = FrontEndBinaries.require("cgi-fcgi", "libfcgi-bin");
        Map<String, String> variables = new LinkedHashMap<>(environment);
        if (stdin.length > 0) {
            variables.putIfAbsent("CONTENT_LENGTH", Integer.toString(stdin.length));
        }
        Path work = null;
        try {
            work = Files.createTempDirectory("cgi-fcgi-");
            Path in = Files.write(work.resolve("stdin"), stdin);
            Path out = work.resolve("stdout");
            Path err = work.resolve("stderr");
            ProcessBuilder builder = new ProcessBuilder(List.of(cgiFcgi.toString(), "-bind", "-connect", this.address))
                .redirectInput(in.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
            builder.environment().clear();
            variables.forEach((name, value) -> builder.environment()
                .put(checkedName(name), Objects.requireNonNull(value, () -> "value of " + name)));
            Process process = builder.start();
            if (!process.waitFor(this.timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException("cgi-fcgi -connect " + this.address + " did not finish within "
                        + this.timeout + "; output so far:\n" + Files.readString(out, StandardCharsets.ISO_8859_1)
                        + "\nerrors:\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new CgiFcgiResult(process.exitValue(), Files.readAllBytes(out),
                    Files.readString(err, StandardCharsets.UTF_8));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not run cgi-fcgi against " + this.address, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for cgi-fcgi", ex);
        }
        finally {
            deleteQuietly(work);
        }
    }

    @Override
    public String toString() {
        return "cgi-fcgi -bind -connect " + this.address;
    }

    private static String checkedName(String name) {
        if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Not a usable environment variable name: '" + name + "'");
        }
        return name;
    }

    private static void deleteQuietly(Path work) {
        if (work == null) {
            return;
        }
        for (String name : List.of("stdin", "stdout", "stderr")) {
            work.resolve(name).toFile().delete();
        }
        work.toFile().delete();
    }

}
