package dev.fcgi.tomcat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.regex.Pattern;

import dev.fcgi.protocol.GetValuesAnswer;

import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.Processor;
import org.apache.coyote.UpgradeProtocol;
import org.apache.coyote.UpgradeToken;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * The FastCGI responder protocol for Tomcat, over Tomcat's NIO endpoint. Use it as a
 * connector's protocol class name
 * ({@code new Connector(FcgiNioProtocol.class.getName())}); every setter here is also
 * reachable as a connector property. Listens on loopback unless told otherwise; TLS and
 * HTTP upgrades do not apply (the front end terminates both).
 */
public class FcgiNioProtocol extends AbstractProtocol<NioChannel> {

    private static final Log log = LogFactory.getLog(FcgiNioProtocol.class);

    /** Default connection timeout in milliseconds, as Tomcat's HTTP connector. */
    public static final int DEFAULT_CONNECTION_TIMEOUT = 60_000;

    private int outputBufferSize = 8192;

    private FlushMode flushMode = FlushMode.AUTO;

    private int spillThreshold = 64 * 1024;

    private LargeBodyMode largeBodyMode = LargeBodyMode.STREAM;

    private String spillDirectory = System.getProperty("java.io.tmpdir");

    private long maxBodySize = 100L * 1024 * 1024;

    private int maxParamsSize = 64 * 1024;

    private long maxSwallowSize = 2L * 1024 * 1024;

    private Pattern attributesPattern;

    private boolean authorizerEnabled;

    private volatile boolean authorizerRefusalLogged;

    private int readBufferSize = 32 * 1024;

    private volatile GetValuesAnswer getValuesAnswer;

    private long slowRequestThreshold = -1;

    private String allowedClients;

    private final FcgiConnectorStatistics statistics = new FcgiConnectorStatistics();

    private final UsedConnections usedConnections;

    private final OverloadMark overloadMark;

    private final ConnectorHousekeeping housekeeping = new ConnectorHousekeeping();

    /**
     * Creates the protocol with its NIO endpoint, bound to the loopback address by
     * default.
     */
    public FcgiNioProtocol() {
        this(new UsedConnections(), new OverloadMark());
    }

    private FcgiNioProtocol(UsedConnections usedConnections, OverloadMark overloadMark) {
        super(new FcgiNioEndpoint(usedConnections, overloadMark));
        this.usedConnections = usedConnections;
        this.overloadMark = overloadMark;
        getEndpoint().setStatistics(this.statistics);
        setConnectionTimeout(DEFAULT_CONNECTION_TIMEOUT);
        getEndpoint().setUseSendfile(false);
        getEndpoint().setAddress(InetAddress.getLoopbackAddress());
    }

    @Override
    protected Log getLog() {
        return log;
    }

    @Override
    protected String getNamePrefix() {
        return "fcgi-nio";
    }

    @Override
    protected String getProtocolName() {
        return "Fcgi";
    }

    @Override
    protected FcgiNioEndpoint getEndpoint() {
        return (FcgiNioEndpoint) super.getEndpoint();
    }

    /**
     * @return connections accepted since start
     */
    public long getAcceptedConnections() {
        return getEndpoint().getAcceptedConnections();
    }

    /**
     * @return connections open now
     */
    public long getActiveConnections() {
        return getEndpoint().getActiveConnections();
    }

    @Override
    protected UpgradeProtocol getNegotiatedProtocol(String name) {
        return null;
    }

    @Override
    protected UpgradeProtocol getUpgradeProtocol(String name) {
        return null;
    }

    /**
     * @return where this connector's processors note the connections that carried a
     * request
     */
    UsedConnections usedConnections() {
        return this.usedConnections;
    }

    /**
     * @return the mark of a thread serving an event itself because the pool and its wait
     * queue are full
     */
    OverloadMark overloadMark() {
        return this.overloadMark;
    }

    @Override
    protected Processor createProcessor() {
        return new FcgiProcessor(this, getAdapter());
    }

    @Override
    protected Processor createUpgradeProcessor(SocketWrapperBase<?> socket, UpgradeToken upgradeToken) {
        throw new IllegalStateException("FastCGI does not support HTTP upgrade");
    }

    @Override
    public void addSslHostConfig(SSLHostConfig sslHostConfig) {
        log.warn("FastCGI connector ignores TLS configuration for [" + sslHostConfig.getHostName()
                + "]: the front end terminates TLS");
    }

    @Override
    public void addSslHostConfig(SSLHostConfig sslHostConfig, boolean replace) {
        addSslHostConfig(sslHostConfig);
    }

    @Override
    public SSLHostConfig[] findSslHostConfigs() {
        return new SSLHostConfig[0];
    }

    @Override
    public void addUpgradeProtocol(UpgradeProtocol upgradeProtocol) {
        log.warn("FastCGI connector ignores upgrade protocol [" + upgradeProtocol.getClass().getName() + "]");
    }

    @Override
    public UpgradeProtocol[] findUpgradeProtocols() {
        return new UpgradeProtocol[0];
    }

    /**
     * @return the answer to FCGI_GET_VALUES, built from the current pool and connection
     * limits
     */
    GetValuesAnswer getValuesAnswer() {
        GetValuesAnswer answer = this.getValuesAnswer;
        if (answer == null) {
            answer = new GetValuesAnswer(getMaxConnections(), getMaxThreads(), false);
            this.getValuesAnswer = answer;
        }
        return answer;
    }

    @Override
    public void setMaxThreads(int maxThreads) {
        super.setMaxThreads(maxThreads);
        this.getValuesAnswer = null;
    }

    @Override
    public void setMaxConnections(int maxConnections) {
        super.setMaxConnections(maxConnections);
        this.getValuesAnswer = null;
    }

    /**
     * Describes where the connector listens, for logs and the actuator:
     * {@code 127.0.0.1:9000}, {@code unix:/run/app.sock} or
     * {@code inherited fd 0 (127.0.0.1:9000)}.
     * @return the description, with the port actually bound once started
     */
    public String getListenDescription() {
        String socketPath = getUnixDomainSocketPath();
        if (socketPath != null) {
            return getUseInheritedChannel() ? "inherited fd 0 (unix:" + socketPath + ")" : "unix:" + socketPath;
        }
        int port = getLocalPort();
        if (port < 0) {
            port = getPort();
        }
        InetAddress address = getAddress();
        String host = (address != null) ? address.getHostAddress() : "0.0.0.0";
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        String tcp = host + ":" + port;
        return getUseInheritedChannel() ? "inherited fd 0 (port " + port + ")" : tcp;
    }

    /**
     * Environment variable of the FastCGI specification listing the web servers allowed
     * to connect.
     */
    public static final String WEB_SERVER_ADDRS = "FCGI_WEB_SERVER_ADDRS";

    @Override
    public void init() throws Exception {
        getEndpoint().setAllowList(effectiveAllowList(System.getenv(WEB_SERVER_ADDRS)));
        super.init();
    }

    /**
     * Works out who may connect: {@code allowedClients} when set, else the
     * specification's {@code FCGI_WEB_SERVER_ADDRS}, else loopback only; and refuses a
     * TCP listener on a non-loopback address with nothing but that default, which would
     * let no remote web server in while looking open.
     * @param webServerAddrs the value of {@code FCGI_WEB_SERVER_ADDRS}, or null
     * @return the allow-list to enforce at accept
     */
    ClientAllowList effectiveAllowList(String webServerAddrs) {
        if (this.allowedClients != null && !this.allowedClients.isBlank()) {
            return ClientAllowList.parse(this.allowedClients);
        }
        if (webServerAddrs != null && !webServerAddrs.isBlank()) {
            return ClientAllowList.parse(webServerAddrs);
        }
        InetAddress address = getAddress();
        boolean tcp = getUnixDomainSocketPath() == null && !getUseInheritedChannel();
        if (tcp && (address == null || !address.isLoopbackAddress())) {
            throw new OpenListenerException((address == null) ? "all addresses" : address.getHostAddress());
        }
        return ClientAllowList.LOOPBACK;
    }

    /**
     * Checks, before Tomcat starts, what would make the listener fail or be unsafe, so
     * the application can refuse to start with a message that says what to change: an
     * open TCP address without an allow-list, a malformed allow-list, a Unix socket path
     * held by something else or in a missing directory, an inherited channel that is not
     * a listening socket on fd 0 (such as systemd's on fd 3).
     * @throws IllegalStateException naming the problem ({@link OpenListenerException} for
     * an open address, caused by a {@link ClientAllowListException} for a malformed
     * allow-list, {@link FcgiSettingException} for a socket setting)
     */
    public void checkListenable() {
        try {
            effectiveAllowList(System.getenv(WEB_SERVER_ADDRS));
            if (getUseInheritedChannel()) {
                InheritedListener.check();
            }
            getEndpoint().checkUnixSocketPath();
        }
        catch (IllegalArgumentException | java.io.IOException ex) {
            throw new IllegalStateException(ex.getMessage(), ex);
        }
    }

    /**
     * @return peers allowed to connect (addresses, CIDR ranges, {@code *}), or null for
     * the default
     */
    public String getAllowedClients() {
        return this.allowedClients;
    }

    /**
     * @param allowedClients peers allowed to connect: comma list of addresses and CIDR
     * ranges, {@code *} = anyone
     */
    public void setAllowedClients(String allowedClients) {
        this.allowedClients = allowedClients;
    }

    /**
     * @return connections refused by the allow-list since start
     */
    public long getRefusedConnections() {
        return getEndpoint().getRefusedConnections();
    }

    /**
     * @return requests that may wait for a busy pool before new ones get 503, -1 for no
     * limit
     */
    public int getWaitQueueLimit() {
        return getEndpoint().getWaitQueueLimit();
    }

    /**
     * @param waitQueueLimit requests that may wait for a busy pool before new ones get
     * 503; -1 for no limit
     */
    public void setWaitQueueLimit(int waitQueueLimit) {
        getEndpoint().setWaitQueueLimit(waitQueueLimit);
    }

    @Override
    public void start() throws Exception {
        SpillFile.removeLeftovers(spillPath());
        super.start();
        this.housekeeping.start(getUtilityExecutor(), this.statistics, this.slowRequestThreshold);
    }

    /**
     * Pauses as Tomcat does (no new connections are accepted) and closes the kept
     * connections that sit idle, so the web server sends its next requests elsewhere at
     * once instead of on a connection about to close.
     */
    @Override
    public void pause() throws Exception {
        super.pause();
        getEndpoint().closeIdleConnections();
    }

    /**
     * Closes the listening socket, then, during a graceful shutdown (paused), waits until
     * every connection already accepted has either closed or handed its request to the
     * application ({@link AcceptedConnectionsSettle}).
     */
    @Override
    public void closeServerSocketGraceful() {
        super.closeServerSocketGraceful();
        if (isPaused()) {
            AcceptedConnectionsSettle.await(getEndpoint(), getConnectionTimeout());
        }
    }

    @Override
    public void stop() throws Exception {
        this.housekeeping.stop();
        super.stop();
    }

    /**
     * @return the live counters of this connector
     */
    public FcgiConnectorStatistics getStatistics() {
        return this.statistics;
    }

    /**
     * @return requests waiting for a worker now (tasks queued in the connector's
     * executor)
     */
    public int getQueuedRequests() {
        return WorkerPool.queuedTasks(getExecutor());
    }

    /**
     * @return the most requests that waited for a worker at once since start
     */
    public int getMaxQueuedRequests() {
        return getEndpoint().getMaxQueuedRequests();
    }

    /**
     * @return worker threads in the pool now (busy and idle)
     */
    public int getWorkerThreads() {
        return WorkerPool.threads(getExecutor(), this.statistics);
    }

    /**
     * @return the slow-request threshold in milliseconds, -1 when off
     */
    public long getSlowRequestThreshold() {
        return this.slowRequestThreshold;
    }

    /**
     * @param slowRequestThreshold log requests running longer than this many
     * milliseconds; -1 for off
     */
    public void setSlowRequestThreshold(long slowRequestThreshold) {
        this.slowRequestThreshold = slowRequestThreshold;
    }

    // ---- endpoint settings that AbstractProtocol does not type

    /**
     * @return the Unix domain socket path, or null for TCP
     */
    public String getUnixDomainSocketPath() {
        return getEndpoint().getUnixDomainSocketPath();
    }

    /**
     * @param path listen on this Unix domain socket instead of TCP
     */
    public void setUnixDomainSocketPath(String path) {
        getEndpoint().setUnixDomainSocketPath(path);
    }

    /**
     * @return permissions of the socket file, such as {@code rw-rw----}
     */
    public String getUnixDomainSocketPathPermissions() {
        return getEndpoint().getUnixDomainSocketPathPermissions();
    }

    /**
     * @param permissions permissions of the socket file, such as {@code rw-rw----}
     */
    public void setUnixDomainSocketPathPermissions(String permissions) {
        getEndpoint().setUnixDomainSocketPathPermissions(permissions);
    }

    /**
     * @return user that owns the Unix socket file (PHP-FPM's {@code listen.owner}), or
     * null for the process's
     */
    public String getUnixDomainSocketOwner() {
        return getEndpoint().getUnixDomainSocketOwner();
    }

    /**
     * @param owner user (name or numeric id) to own the Unix socket file, set before it
     * is reachable
     */
    public void setUnixDomainSocketOwner(String owner) {
        getEndpoint().setUnixDomainSocketOwner(owner);
    }

    /**
     * @return group of the Unix socket file (PHP-FPM's {@code listen.group}), or null for
     * the process's
     */
    public String getUnixDomainSocketGroup() {
        return getEndpoint().getUnixDomainSocketGroup();
    }

    /**
     * @param group group (name or numeric id) of the Unix socket file, set before it is
     * reachable
     */
    public void setUnixDomainSocketGroup(String group) {
        getEndpoint().setUnixDomainSocketGroup(group);
    }

    /**
     * @return users whose processes may connect to the Unix socket, or null for no check
     */
    public String getUnixDomainSocketAllowedUsers() {
        return getEndpoint().getUnixDomainSocketAllowedUsers();
    }

    /**
     * @param allowedUsers users whose processes may connect to the Unix socket (comma
     * list of names or numeric ids, checked at accept with SO_PEERCRED); null or blank
     * for no check
     */
    public void setUnixDomainSocketAllowedUsers(String allowedUsers) {
        getEndpoint().setUnixDomainSocketAllowedUsers(allowedUsers);
    }

    /**
     * @return whether the listening socket is the one inherited on file descriptor 0
     */
    public boolean getUseInheritedChannel() {
        return getEndpoint().getUseInheritedChannel();
    }

    /**
     * @param useInheritedChannel accept on the listening socket inherited on file
     * descriptor 0
     */
    public void setUseInheritedChannel(boolean useInheritedChannel) {
        getEndpoint().setUseInheritedChannel(useInheritedChannel);
    }

    // ---- FastCGI settings

    /**
     * @return response bytes gathered before a STDOUT record goes out
     */
    public int getOutputBufferSize() {
        return this.outputBufferSize;
    }

    /**
     * @param outputBufferSize response bytes gathered before a STDOUT record goes out (at
     * least 1)
     */
    public void setOutputBufferSize(int outputBufferSize) {
        this.outputBufferSize = Math.max(1, outputBufferSize);
    }

    /**
     * @return when response bytes leave the output buffer
     */
    public FlushMode getFlushMode() {
        return this.flushMode;
    }

    /**
     * @param flushMode when response bytes leave the output buffer
     */
    public void setFlushMode(FlushMode flushMode) {
        this.flushMode = flushMode;
    }

    /**
     * @param flushMode {@code auto}, {@code always} or {@code never}
     */
    public void setFlush(String flushMode) {
        this.flushMode = FlushMode.valueOf(flushMode.trim().toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * @return body bytes read into memory before dispatch
     */
    public int getSpillThreshold() {
        return this.spillThreshold;
    }

    /**
     * @param spillThreshold body bytes read into memory before dispatch
     */
    public void setSpillThreshold(int spillThreshold) {
        this.spillThreshold = Math.max(0, spillThreshold);
    }

    /**
     * @return what happens to bodies above the spill threshold or of unknown length
     */
    public LargeBodyMode getLargeBodyMode() {
        return this.largeBodyMode;
    }

    /**
     * @param largeBodyMode what happens to bodies above the spill threshold or of unknown
     * length
     */
    public void setLargeBodyMode(LargeBodyMode largeBodyMode) {
        this.largeBodyMode = largeBodyMode;
    }

    /**
     * @return the directory for spilled bodies
     */
    public String getSpillDirectory() {
        return this.spillDirectory;
    }

    /**
     * @param spillDirectory the directory for spilled bodies
     */
    public void setSpillDirectory(String spillDirectory) {
        this.spillDirectory = spillDirectory;
    }

    Path spillPath() {
        return Path.of(this.spillDirectory);
    }

    /**
     * @return largest accepted body in bytes, -1 for no limit
     */
    public long getMaxBodySize() {
        return this.maxBodySize;
    }

    /**
     * @param maxBodySize largest accepted body in bytes, -1 for no limit
     */
    public void setMaxBodySize(long maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    /**
     * @return largest accepted PARAMS stream in bytes
     */
    public int getMaxParamsSize() {
        return this.maxParamsSize;
    }

    /**
     * @param maxParamsSize largest accepted PARAMS stream in bytes
     */
    public void setMaxParamsSize(int maxParamsSize) {
        this.maxParamsSize = maxParamsSize;
    }

    /**
     * @return unread body bytes discarded after a response to keep the connection; beyond
     * it, it is closed
     */
    public long getMaxSwallowSize() {
        return this.maxSwallowSize;
    }

    /**
     * @param maxSwallowSize unread body bytes discarded after a response to keep the
     * connection
     */
    public void setMaxSwallowSize(long maxSwallowSize) {
        this.maxSwallowSize = maxSwallowSize;
    }

    /**
     * @return regex of PARAMS names exposed as request attributes, or null
     */
    public String getAttributesPattern() {
        return (this.attributesPattern != null) ? this.attributesPattern.pattern() : null;
    }

    /**
     * @param attributesPattern regex of PARAMS names exposed as request attributes; null
     * or empty for none
     */
    public void setAttributesPattern(String attributesPattern) {
        this.attributesPattern = (attributesPattern == null || attributesPattern.isEmpty()) ? null
                : Pattern.compile(attributesPattern);
    }

    Pattern attributesPattern() {
        return this.attributesPattern;
    }

    /**
     * @return whether requests in the FastCGI AUTHORIZER role reach the application; off,
     * they get 403
     */
    public boolean isAuthorizerEnabled() {
        return this.authorizerEnabled;
    }

    /**
     * @param authorizerEnabled whether requests in the FastCGI AUTHORIZER role reach the
     * application, marked with {@link FcgiAuthorizer#REQUEST_ATTRIBUTE}; off, the
     * connector answers them 403 itself
     */
    public void setAuthorizerEnabled(boolean authorizerEnabled) {
        this.authorizerEnabled = authorizerEnabled;
    }

    /**
     * Says once, at WARN, that a web server asks for the AUTHORIZER role while it is off.
     */
    void authorizerRefused() {
        if (!this.authorizerRefusalLogged) {
            this.authorizerRefusalLogged = true;
            getLog().warn("A web server sent a FastCGI AUTHORIZER request; it was refused with 403 because the role "
                    + "is off. Set fcgi.authorizer.enabled=true to let the application's security rules decide.");
        }
    }

    /**
     * @return bytes read from the socket at once
     */
    public int getReadBufferSize() {
        return this.readBufferSize;
    }

    /**
     * @param readBufferSize bytes read from the socket at once (at least 1 KiB)
     */
    public void setReadBufferSize(int readBufferSize) {
        this.readBufferSize = Math.max(1024, readBufferSize);
    }

}
