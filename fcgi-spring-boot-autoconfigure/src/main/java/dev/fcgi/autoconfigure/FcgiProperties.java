package dev.fcgi.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.fcgi.sendfile.SendfileType;
import dev.fcgi.tomcat.FlushMode;
import dev.fcgi.tomcat.LargeBodyMode;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the FastCGI connector, under the {@code fcgi} prefix. Values that cannot
 * work are refused once bound, with a failure analysis naming the property.
 */
@ConfigurationProperties("fcgi")
public class FcgiProperties implements InitializingBean {

    /** Whether to serve FastCGI at all. */
    private boolean enabled = true;

    /**
     * 'beside': Tomcat's HTTP connector stays and a FastCGI connector is added;
     * 'instead': the only listener speaks FastCGI and no HTTP port is opened.
     */
    private FcgiMode mode = FcgiMode.BESIDE;

    /** Address to bind the TCP listener to. */
    private String address = "127.0.0.1";

    /** TCP port to listen on; 0 picks a free port, published as 'local.fcgi.port'. */
    private int port = 9000;

    /**
     * Accept on the listening socket inherited on file descriptor 0
     * (FCGI_LISTENSOCK_FILENO), as spawn-fcgi, multiwatch, mod_fcgid, lighttpd
     * 'bin-path', Server::Starter and a systemd service with 'StandardInput=socket'
     * provide it. SIGUSR1 (multiwatch's stop signal) then stops the application
     * gracefully, as SIGTERM does.
     */
    private boolean inheritChannel = false;

    /**
     * Addresses and CIDR ranges (IPv4 and IPv6) allowed to connect over TCP, checked at
     * accept; '*' means anyone, on purpose. Unset: the FCGI_WEB_SERVER_ADDRS environment
     * variable if present, else loopback only (and a non-loopback fcgi.address then
     * refuses to start).
     */
    private @Nullable List<String> allowedClients;

    /** Connections held at once; answered as FCGI_MAX_CONNS. */
    private int maxConnections = 8192;

    /**
     * Listen backlog: connections the operating system queues before they are accepted.
     */
    private int acceptCount = 100;

    /** How long to wait for the next bytes of a request before closing the connection. */
    private Duration connectionTimeout = Duration.ofSeconds(60);

    /**
     * How long an idle kept connection waits for its next request; defaults to the
     * connection timeout.
     */
    private @Nullable Duration keepAliveTimeout;

    /**
     * Requests running longer are logged once with the worker thread's stack trace and
     * counted (PHP-FPM's request_slowlog_timeout); unset means off.
     */
    private @Nullable Duration slowRequestThreshold;

    private final UnixSocket unixSocket = new UnixSocket();

    private final Pool pool = new Pool();

    private final Output output = new Output();

    private final Request request = new Request();

    private final Shutdown shutdown = new Shutdown();

    private final Authorizer authorizer = new Authorizer();

    private final Sendfile sendfile = new Sendfile();

    /**
     * Refuses values that cannot work, naming the property.
     * @throws org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException
     * for the first such value
     */
    @Override
    public void afterPropertiesSet() {
        if (this.enabled) {
            FcgiPropertiesValidator.validate(this);
        }
    }

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public FcgiMode getMode() {
        return this.mode;
    }

    public void setMode(FcgiMode mode) {
        this.mode = mode;
    }

    public String getAddress() {
        return this.address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public int getPort() {
        return this.port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public boolean isInheritChannel() {
        return this.inheritChannel;
    }

    public void setInheritChannel(boolean inheritChannel) {
        this.inheritChannel = inheritChannel;
    }

    public @Nullable List<String> getAllowedClients() {
        return this.allowedClients;
    }

    public void setAllowedClients(@Nullable List<String> allowedClients) {
        this.allowedClients = allowedClients;
    }

    public int getMaxConnections() {
        return this.maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public int getAcceptCount() {
        return this.acceptCount;
    }

    public void setAcceptCount(int acceptCount) {
        this.acceptCount = acceptCount;
    }

    public Duration getConnectionTimeout() {
        return this.connectionTimeout;
    }

    public void setConnectionTimeout(Duration connectionTimeout) {
        this.connectionTimeout = connectionTimeout;
    }

    public @Nullable Duration getKeepAliveTimeout() {
        return this.keepAliveTimeout;
    }

    public void setKeepAliveTimeout(@Nullable Duration keepAliveTimeout) {
        this.keepAliveTimeout = keepAliveTimeout;
    }

    public @Nullable Duration getSlowRequestThreshold() {
        return this.slowRequestThreshold;
    }

    public void setSlowRequestThreshold(@Nullable Duration slowRequestThreshold) {
        this.slowRequestThreshold = slowRequestThreshold;
    }

    public UnixSocket getUnixSocket() {
        return this.unixSocket;
    }

    public Pool getPool() {
        return this.pool;
    }

    public Output getOutput() {
        return this.output;
    }

    public Request getRequest() {
        return this.request;
    }

    public Authorizer getAuthorizer() {
        return this.authorizer;
    }

    public Sendfile getSendfile() {
        return this.sendfile;
    }

    public Shutdown getShutdown() {
        return this.shutdown;
    }

    /**
     * Listening on a Unix domain socket instead of TCP.
     */
    public static class UnixSocket {

        /**
         * Listen on this Unix domain socket instead of TCP. Its directory must exist
         * (Debian's /run/php layout, root-owned 0755, is fine); the socket is never
         * reachable there before it has its permissions, owner and group.
         */
        private @Nullable String path;

        /** Mode of the socket file, as in 'ls -l' (PHP-FPM's listen.mode). */
        private String permissions = "rw-rw----";

        /**
         * User that owns the socket file (PHP-FPM's listen.owner), a name or numeric id;
         * needs root. Unset: the application's user.
         */
        private @Nullable String owner;

        /**
         * Group of the socket file (PHP-FPM's listen.group), a name or numeric id, such
         * as the web server's 'www-data'. Unset: the application's group.
         */
        private @Nullable String group;

        /**
         * Users (names or numeric ids) whose processes may connect, checked at accept
         * with the peer credentials the kernel records (SO_PEERCRED); others are closed
         * before a byte is read. Unset: whoever the socket file's permissions let in.
         */
        private @Nullable List<String> allowedUsers;

        public @Nullable String getPath() {
            return this.path;
        }

        public void setPath(@Nullable String path) {
            this.path = path;
        }

        public String getPermissions() {
            return this.permissions;
        }

        public void setPermissions(String permissions) {
            this.permissions = permissions;
        }

        public @Nullable String getOwner() {
            return this.owner;
        }

        public void setOwner(@Nullable String owner) {
            this.owner = owner;
        }

        public @Nullable String getGroup() {
            return this.group;
        }

        public void setGroup(@Nullable String group) {
            this.group = group;
        }

        public @Nullable List<String> getAllowedUsers() {
            return this.allowedUsers;
        }

        public void setAllowedUsers(@Nullable List<String> allowedUsers) {
            this.allowedUsers = allowedUsers;
        }

    }

    /**
     * The worker pool serving requests.
     */
    public static class Pool {

        /**
         * Worker threads, i.e. requests served at once (PHP-FPM's pm.max_children);
         * answered as FCGI_MAX_REQS.
         */
        private int size = 200;

        /** Workers kept ready while idle (PHP-FPM's pm.min_spare_servers). */
        private int minSpare = 10;

        /**
         * Requests that may wait for a worker when all are busy; beyond it a request is
         * answered at once with 503 (Retry-After) and FCGI_OVERLOADED. Unset or -1: no
         * limit (PHP-FPM's listen.backlog queue). In 'instead' mode Tomcat's executor
         * queue (server.tomcat.threads.max-queue-capacity) also bounds the wait and the
         * smaller limit applies first; Tomcat refuses by closing the connection (the web
         * server answers 502), so keep this one at or below it (a start-up warning says
         * when it is not). In 'beside' mode only this limit applies.
         */
        private @Nullable Integer queueSize;

        public @Nullable Integer getQueueSize() {
            return this.queueSize;
        }

        public void setQueueSize(@Nullable Integer queueSize) {
            this.queueSize = queueSize;
        }

        public int getSize() {
            return this.size;
        }

        public void setSize(int size) {
            this.size = size;
        }

        public int getMinSpare() {
            return this.minSpare;
        }

        public void setMinSpare(int minSpare) {
            this.minSpare = minSpare;
        }

    }

    /**
     * Response output.
     */
    public static class Output {

        /** Response bytes gathered before a STDOUT record goes out. */
        private DataSize bufferSize = DataSize.ofKilobytes(8);

        /**
         * 'auto': a response produced over time (flushed between writes, SSE, emitters,
         * StreamingResponseBody, text/event-stream) goes out as flushed with
         * 'X-Accel-Buffering: no', while a flush that only ends a response (Thymeleaf
         * views, error pages) leaves an ordinary, buffered response; 'always': every
         * write goes out at once; 'never': explicit flushes are ignored until the buffer
         * fills or the response ends.
         */
        private FlushMode flush = FlushMode.AUTO;

        public DataSize getBufferSize() {
            return this.bufferSize;
        }

        public void setBufferSize(DataSize bufferSize) {
            this.bufferSize = bufferSize;
        }

        public FlushMode getFlush() {
            return this.flush;
        }

        public void setFlush(FlushMode flush) {
            this.flush = flush;
        }

    }

    /**
     * Request bodies and parameters.
     */
    public static class Request {

        /**
         * A body up to this size is read into memory before the request is dispatched.
         */
        private DataSize spillThreshold = DataSize.ofKilobytes(64);

        /**
         * A body above the spill threshold, or of unknown length: 'stream' dispatches at
         * once and the application reads it as it arrives; 'spill' writes it to a
         * temporary file and dispatches when it is complete.
         */
        private LargeBodyMode largeBody = LargeBodyMode.STREAM;

        /** Where spilled bodies go; defaults to java.io.tmpdir. */
        private @Nullable String spillDirectory;

        /** Larger bodies get 413 without reaching the application; -1 means no limit. */
        private DataSize maxBodySize = DataSize.ofMegabytes(100);

        /**
         * Largest PARAMS stream (the CGI environment, headers included); more is refused
         * with 431.
         */
        private DataSize maxParamsSize = DataSize.ofKilobytes(64);

        /** Regex of PARAMS names exposed as request attributes; none are when unset. */
        private @Nullable String attributesPattern;

        public DataSize getSpillThreshold() {
            return this.spillThreshold;
        }

        public void setSpillThreshold(DataSize spillThreshold) {
            this.spillThreshold = spillThreshold;
        }

        public LargeBodyMode getLargeBody() {
            return this.largeBody;
        }

        public void setLargeBody(LargeBodyMode largeBody) {
            this.largeBody = largeBody;
        }

        public @Nullable String getSpillDirectory() {
            return this.spillDirectory;
        }

        public void setSpillDirectory(@Nullable String spillDirectory) {
            this.spillDirectory = spillDirectory;
        }

        public DataSize getMaxBodySize() {
            return this.maxBodySize;
        }

        public void setMaxBodySize(DataSize maxBodySize) {
            this.maxBodySize = maxBodySize;
        }

        public DataSize getMaxParamsSize() {
            return this.maxParamsSize;
        }

        public void setMaxParamsSize(DataSize maxParamsSize) {
            this.maxParamsSize = maxParamsSize;
        }

        public @Nullable String getAttributesPattern() {
            return this.attributesPattern;
        }

        public void setAttributesPattern(@Nullable String attributesPattern) {
            this.attributesPattern = attributesPattern;
        }

    }

    /**
     * The FastCGI AUTHORIZER role (lighttpd "mode" => "authorizer", Apache
     * mod_authnz_fcgi).
     */
    public static class Authorizer {

        /**
         * Whether to answer AUTHORIZER requests with the application's own security
         * rules: the request runs through the servlet filters (Spring Security included)
         * without reaching a handler, and is approved with 200 and 'Variable-REMOTE_USER'
         * when they let it through. Off, such requests get 403 from the connector.
         */
        private boolean enabled = false;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

    }

    /**
     * Files sent by the web server (X-Accel-Redirect, X-Sendfile) instead of through the
     * JVM.
     */
    public static class Sendfile {

        /**
         * Whether a file-backed Resource answer to a FastCGI request may leave as an
         * X-Accel-Redirect or X-Sendfile header with no body, when the web server
         * announces the header (X-Sendfile-Type) or 'type' names it and the file is below
         * one of the 'mappings'. Off: never, whatever a request says.
         */
        private boolean enabled = false;

        /**
         * The header to use for every FastCGI request, for web servers that cannot
         * announce it (lighttpd "x-sendfile" => "enable": 'x-sendfile'); unset: the one
         * the web server announces in X-Sendfile-Type.
         */
        private @Nullable SendfileType type;

        /**
         * Directories whose files the web server may send, with the prefix it knows them
         * by: 'DIRECTORY=PREFIX' (nginx: '/srv/files/=/protected/' for an internal
         * location with 'alias /srv/files/'), or just 'DIRECTORY' when the web server
         * takes file paths (X-Sendfile). Files elsewhere are served by the application.
         */
        private List<String> mappings = new ArrayList<>();

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public @Nullable SendfileType getType() {
            return this.type;
        }

        public void setType(@Nullable SendfileType type) {
            this.type = type;
        }

        public List<String> getMappings() {
            return this.mappings;
        }

        public void setMappings(List<String> mappings) {
            this.mappings = mappings;
        }

    }

    /**
     * Stopping the application.
     */
    public static class Shutdown {

        /**
         * How long the FastCGI listener keeps serving after shutdown begins while the
         * 'fcgi' health contributor (and the readiness group) already reports
         * OUT_OF_SERVICE, so a load balancer polling the health stops sending before the
         * socket closes; runs before the web server's graceful shutdown.
         */
        private Duration drainDelay = Duration.ZERO;

        public Duration getDrainDelay() {
            return this.drainDelay;
        }

        public void setDrainDelay(Duration drainDelay) {
            this.drainDelay = drainDelay;
        }

    }

}
