package dev.fcgi.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.fcgi.tomcat.FcgiNioProtocol;
import dev.fcgi.tomcat.FlushMode;
import dev.fcgi.tomcat.LargeBodyMode;
import jakarta.servlet.http.HttpServlet;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * An embedded Tomcat without Spring: one FastCGI connector ({@link FcgiNioProtocol}) on a
 * free loopback port in front of one servlet, {@link TestEndpointsServlet} unless told
 * otherwise. It starts in a fraction of the time a Spring Boot context takes, so a
 * connector test class starts one for all its tests ({@link BareFcgiServer}).
 * <p>
 * Settings left alone keep the protocol's defaults, which are those of the {@code fcgi.*}
 * properties; the builder names the ones a test sets as {@code fcgi.*} properties did,
 * e.g. {@link Builder#maxBodySize(long)} for {@code fcgi.request.max-body-size}.
 */
public final class BareFcgiTomcat implements AutoCloseable {

    private final Path baseDirectory;

    private final Tomcat tomcat;

    private final Connector connector;

    private BareFcgiTomcat(Builder builder) throws Exception {
        this.baseDirectory = Files.createTempDirectory("fcgi-bare-tomcat");
        this.tomcat = new Tomcat();
        this.tomcat.setBaseDir(this.baseDirectory.toString());
        this.connector = new Connector(FcgiNioProtocol.class.getName());
        this.connector.setPort(0);
        FcgiNioProtocol protocol = (FcgiNioProtocol) this.connector.getProtocolHandler();
        protocol.setAddress(java.net.InetAddress.getLoopbackAddress());
        builder.settings.forEach((setting) -> setting.accept(protocol));
        this.tomcat.setConnector(this.connector);
        Path docBase = Files.createDirectories(this.baseDirectory.resolve("docbase"));
        Context context = this.tomcat.addContext("", docBase.toString());
        Tomcat.addServlet(context, "application", builder.servlet).setAsyncSupported(true);
        context.addServletMappingDecoded("/", "application");
        try {
            this.tomcat.start();
        }
        catch (Exception ex) {
            close();
            throw ex;
        }
    }

    /**
     * Starts describing a server.
     * @return a builder with the protocol's default settings
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the port the FastCGI connector listens on (loopback)
     */
    public int port() {
        return this.connector.getLocalPort();
    }

    /**
     * @return the connector's protocol, for its statistics
     */
    public FcgiNioProtocol protocol() {
        return (FcgiNioProtocol) this.connector.getProtocolHandler();
    }

    @Override
    public void close() throws Exception {
        try {
            this.tomcat.stop();
            this.tomcat.destroy();
        }
        finally {
            deleteRecursively(this.baseDirectory);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach((path) -> {
                try {
                    Files.delete(path);
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
        }
    }

    /** The connector settings and the servlet of a server to start. */
    public static final class Builder {

        private final List<Consumer<FcgiNioProtocol>> settings = new ArrayList<>();

        private HttpServlet servlet = new TestEndpointsServlet();

        private Builder() {
        }

        /**
         * Worker threads, as {@code fcgi.pool.size} (also what FCGI_MAX_REQS answers).
         */
        public Builder poolSize(int threads) {
            return configure((protocol) -> protocol.setMaxThreads(threads));
        }

        /** Open connections at most, as {@code fcgi.max-connections}. */
        public Builder maxConnections(int connections) {
            return configure((protocol) -> protocol.setMaxConnections(connections));
        }

        /** As {@code fcgi.connection-timeout}. */
        public Builder connectionTimeout(Duration timeout) {
            return configure((protocol) -> protocol.setConnectionTimeout((int) timeout.toMillis()));
        }

        /** As {@code fcgi.keep-alive-timeout}. */
        public Builder keepAliveTimeout(Duration timeout) {
            return configure((protocol) -> protocol.setKeepAliveTimeout((int) timeout.toMillis()));
        }

        /** As {@code fcgi.output.buffer-size}. */
        public Builder outputBufferSize(int bytes) {
            return configure((protocol) -> protocol.setOutputBufferSize(bytes));
        }

        /** As {@code fcgi.output.flush}. */
        public Builder flushMode(FlushMode mode) {
            return configure((protocol) -> protocol.setFlushMode(mode));
        }

        /** As {@code fcgi.request.large-body}. */
        public Builder largeBodyMode(LargeBodyMode mode) {
            return configure((protocol) -> protocol.setLargeBodyMode(mode));
        }

        /** As {@code fcgi.request.spill-threshold}. */
        public Builder spillThreshold(int bytes) {
            return configure((protocol) -> protocol.setSpillThreshold(bytes));
        }

        /** As {@code fcgi.request.spill-directory}. */
        public Builder spillDirectory(Path directory) {
            return configure((protocol) -> protocol.setSpillDirectory(directory.toString()));
        }

        /** As {@code fcgi.request.max-body-size}. */
        public Builder maxBodySize(long bytes) {
            return configure((protocol) -> protocol.setMaxBodySize(bytes));
        }

        /** As {@code fcgi.request.max-params-size}. */
        public Builder maxParamsSize(int bytes) {
            return configure((protocol) -> protocol.setMaxParamsSize(bytes));
        }

        /** As {@code fcgi.request.attributes-pattern}. */
        public Builder attributesPattern(String pattern) {
            return configure((protocol) -> protocol.setAttributesPattern(pattern));
        }

        /**
         * Any other setting of the protocol, applied after those above that came before
         * it.
         */
        public Builder configure(Consumer<FcgiNioProtocol> setting) {
            this.settings.add(setting);
            return this;
        }

        /**
         * The servlet that answers every request, in place of
         * {@link TestEndpointsServlet}.
         */
        public Builder servlet(HttpServlet servlet) {
            this.servlet = servlet;
            return this;
        }

        /**
         * Starts the server.
         * @return the running server
         * @throws Exception if Tomcat does not start
         */
        public BareFcgiTomcat start() throws Exception {
            return new BareFcgiTomcat(this);
        }

    }

}
