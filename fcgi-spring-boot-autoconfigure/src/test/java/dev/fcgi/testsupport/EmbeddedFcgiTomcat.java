package dev.fcgi.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import dev.fcgi.tomcat.FcgiNioProtocol;
import dev.fcgi.tomcat.LargeBodyMode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * A bare embedded Tomcat (no Spring) with two FastCGI connectors on loopback, one per
 * large-body mode, and a servlet that reads whatever it is sent: cheap enough to start
 * once per test class and hammer with raw byte streams.
 * <p>
 * Both connectors spill or stream any body above 64 bytes, so small inputs reach those
 * paths too, and use short timeouts so a hostile stream cannot hold a connection for
 * long. Every {@code SEVERE} log record written while the server runs (Tomcat's "Error
 * reading request, ignored", the processor's "Error processing FastCGI request") is kept
 * for the test to check.
 * <p>
 * The servlet answers {@code /hello} with {@code hello}; any other request with a summary
 * of what it saw: method, URI, query, parameter count and body length.
 */
public final class EmbeddedFcgiTomcat implements AutoCloseable {

    /** Body size above which both connectors stream or spill. */
    public static final int SPILL_THRESHOLD = 64;

    private static final Logger ROOT = Logger.getLogger("");

    private static final Logger CONNECTOR_LOGS = Logger.getLogger("dev.fcgi");

    private final Tomcat tomcat;

    private final Connector stream;

    private final Connector spill;

    private final Path spillDirectory;

    private final List<LogRecord> severe = Collections.synchronizedList(new ArrayList<>());

    private final Handler severeCollector = new Handler() {

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                EmbeddedFcgiTomcat.this.severe.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

    };

    private final Level previousConnectorLevel;

    private EmbeddedFcgiTomcat(Path baseDirectory, int timeoutMillis) throws Exception {
        this.spillDirectory = Files.createDirectories(baseDirectory.resolve("spill"));
        this.tomcat = new Tomcat();
        this.tomcat.setBaseDir(baseDirectory.toString());
        this.stream = connector(LargeBodyMode.STREAM, timeoutMillis);
        this.spill = connector(LargeBodyMode.SPILL, timeoutMillis);
        this.tomcat.setConnector(this.stream);
        this.tomcat.getService().addConnector(this.spill);
        Path docBase = Files.createDirectories(baseDirectory.resolve("docbase"));
        Context context = this.tomcat.addContext("", docBase.toString());
        Tomcat.addServlet(context, "reader", new ReadingServlet());
        context.addServletMappingDecoded("/", "reader");
        // Hostile input makes the connector log a line per connection at INFO; only
        // SEVERE records matter here.
        this.previousConnectorLevel = CONNECTOR_LOGS.getLevel();
        CONNECTOR_LOGS.setLevel(Level.WARNING);
        ROOT.addHandler(this.severeCollector);
        this.tomcat.start();
    }

    /**
     * Starts the server.
     * @param baseDirectory an empty directory for Tomcat's work files and the spill
     * directory
     * @param timeoutMillis connection and keep-alive timeout of both connectors
     * @return the running server
     * @throws Exception if Tomcat does not start
     */
    public static EmbeddedFcgiTomcat start(Path baseDirectory, int timeoutMillis) throws Exception {
        return new EmbeddedFcgiTomcat(baseDirectory, timeoutMillis);
    }

    private Connector connector(LargeBodyMode mode, int timeoutMillis) {
        Connector connector = new Connector(FcgiNioProtocol.class.getName());
        connector.setPort(0);
        FcgiNioProtocol protocol = (FcgiNioProtocol) connector.getProtocolHandler();
        protocol.setConnectionTimeout(timeoutMillis);
        protocol.setKeepAliveTimeout(timeoutMillis);
        protocol.setMaxThreads(16);
        protocol.setSpillThreshold(SPILL_THRESHOLD);
        protocol.setLargeBodyMode(mode);
        protocol.setSpillDirectory(this.spillDirectory.toString());
        protocol.setMaxBodySize(1024 * 1024);
        return connector;
    }

    /**
     * @return port of the connector that streams large bodies to the servlet
     */
    public int streamPort() {
        return this.stream.getLocalPort();
    }

    /**
     * @return port of the connector that spills large bodies to a file first
     */
    public int spillPort() {
        return this.spill.getLocalPort();
    }

    /**
     * @return both connectors' protocols
     */
    public List<FcgiNioProtocol> protocols() {
        return List.of((FcgiNioProtocol) this.stream.getProtocolHandler(),
                (FcgiNioProtocol) this.spill.getProtocolHandler());
    }

    /**
     * @return where the spill connector writes bodies
     */
    public Path spillDirectory() {
        return this.spillDirectory;
    }

    /**
     * Counts the entries of the spill directory.
     * @return how many files it holds now
     * @throws IOException if it cannot be listed
     */
    public long spillFiles() throws IOException {
        try (Stream<Path> files = Files.list(this.spillDirectory)) {
            return files.count();
        }
    }

    /**
     * Hands over the SEVERE log records written since the last call.
     * @return the records, oldest first
     */
    public List<LogRecord> takeSevereLogs() {
        synchronized (this.severe) {
            List<LogRecord> taken = new ArrayList<>(this.severe);
            this.severe.clear();
            return taken;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            this.tomcat.stop();
            this.tomcat.destroy();
        }
        finally {
            ROOT.removeHandler(this.severeCollector);
            CONNECTOR_LOGS.setLevel(this.previousConnectorLevel);
        }
    }

    /**
     * Reads the whole request the way an application would (form parameters, headers,
     * body) and answers a summary.
     */
    static final class ReadingServlet extends HttpServlet {

        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if ("/hello".equals(request.getRequestURI())) {
                answer(response, "hello");
                return;
            }
            long bodyLength = 0;
            int parameterCount;
            try {
                Map<String, String[]> parameters = request.getParameterMap();
                parameterCount = parameters.size();
                try (InputStream body = request.getInputStream()) {
                    byte[] chunk = new byte[8192];
                    for (int n = body.read(chunk); n >= 0; n = body.read(chunk)) {
                        bodyLength += n;
                    }
                }
            }
            catch (IOException ex) {
                // The web server went away or broke the stream: nobody is left to answer.
                return;
            }
            int headerCount = 0;
            for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); names.nextElement()) {
                headerCount++;
            }
            answer(response, request.getMethod() + " " + request.getRequestURI() + " query=" + request.getQueryString()
                    + " params=" + parameterCount + " headers=" + headerCount + " body=" + bodyLength + " scheme="
                    + request.getScheme() + " remote=" + request.getRemoteAddr() + ":" + request.getRemotePort()
                    + " server=" + request.getServerName() + ":" + request.getServerPort());
        }

        private static void answer(HttpServletResponse response, String text) throws IOException {
            response.setContentType("text/plain;charset=UTF-8");
            response.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        }

    }

}
