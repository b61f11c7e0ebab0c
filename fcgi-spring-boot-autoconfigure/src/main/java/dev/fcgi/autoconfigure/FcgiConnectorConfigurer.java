package dev.fcgi.autoconfigure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

import dev.fcgi.tomcat.FcgiNioProtocol;
import dev.fcgi.tomcat.FcgiSettingException;
import org.apache.catalina.connector.Connector;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.util.threads.VirtualThreadExecutor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.util.unit.DataSize;

/**
 * Applies {@code fcgi.*} settings to a connector running {@link FcgiNioProtocol}: where
 * it listens, the worker pool, connection limits, timeouts, output and request-body
 * handling.
 */
public class FcgiConnectorConfigurer {

    /** {@code fcgi.pool.queue-size} unset: requests wait for a worker without limit. */
    private static final int NO_LIMIT = -1;

    /**
     * Tomcat's executor queue when nothing bounds it
     * ({@code server.tomcat.threads.max-queue-capacity}'s default).
     */
    private static final int UNBOUNDED_EXECUTOR_QUEUE = Integer.MAX_VALUE;

    private static final Log logger = LogFactory.getLog(FcgiConnectorConfigurer.class);

    private final FcgiProperties properties;

    private final FcgiConnectorHolder holder;

    private final boolean virtualThreads;

    /**
     * Creates the configurer.
     * @param properties the bound {@code fcgi.*} settings
     * @param holder told about the connector configured
     * @param virtualThreads serve requests on virtual threads
     * ({@code spring.threads.virtual.enabled} on JDK 21+)
     */
    public FcgiConnectorConfigurer(FcgiProperties properties, FcgiConnectorHolder holder, boolean virtualThreads) {
        this.properties = properties;
        this.holder = holder;
        this.virtualThreads = virtualThreads;
    }

    /**
     * Creates a new FastCGI connector with the settings applied, for beside mode.
     * @return the connector
     */
    public Connector createConnector() {
        Connector connector = new Connector(FcgiNioProtocol.class.getName());
        configure(connector);
        return connector;
    }

    /**
     * Applies the settings to a connector whose protocol is {@link FcgiNioProtocol}.
     * @param connector the connector
     */
    public void configure(Connector connector) {
        FcgiProperties p = this.properties;
        FcgiNioProtocol protocol = (FcgiNioProtocol) connector.getProtocolHandler();
        PropertyMapper map = PropertyMapper.get();
        // A Unix socket or an inherited socket has no port to configure: -1, which Tomcat
        // accepts for them, so that Boot's "Tomcat initialized/started with port ..."
        // lines do not show fcgi.port's 9000 for a listener that is not on it. The scheme
        // is what those lines show after the port: say there what the listener is.
        // Requests carry their own scheme from the params.
        map.from(connectorPort(p)).to(connector::setPort);
        map.from(logLabel(p)).to(connector::setScheme);
        // Not through the mapper, which skips a null: an address left unset would listen
        // on every interface.
        protocol.setAddress(resolve(p.getAddress()));
        FcgiProperties.UnixSocket unixSocket = p.getUnixSocket();
        if (isUnixSocket(p)) {
            map.from(unixSocket::getPath).to(protocol::setUnixDomainSocketPath);
            map.from(unixSocket::getPermissions).to(protocol::setUnixDomainSocketPathPermissions);
            map.from(unixSocket::getOwner).to(protocol::setUnixDomainSocketOwner);
            map.from(unixSocket::getGroup).to(protocol::setUnixDomainSocketGroup);
        }
        map.from(unixSocket::getAllowedUsers)
            .whenNot(List::isEmpty)
            .as(FcgiConnectorConfigurer::commaList)
            .to(protocol::setUnixDomainSocketAllowedUsers);
        map.from(p::isInheritChannel).to(protocol::setUseInheritedChannel);
        map.from(p::getAllowedClients)
            .whenNot(List::isEmpty)
            .as(FcgiConnectorConfigurer::commaList)
            .to(protocol::setAllowedClients);
        FcgiProperties.Pool pool = p.getPool();
        map.from(pool::getQueueSize).orFrom(() -> NO_LIMIT).to(protocol::setWaitQueueLimit);
        map.from(pool::getSize).to(protocol::setMaxThreads);
        if (this.virtualThreads) {
            // As Boot does for its own connector: one virtual thread per request,
            // fcgi.pool.size no longer caps them.
            protocol.setExecutor(new VirtualThreadExecutor("fcgi-virtual-"));
        }
        else {
            warnIfTheExecutorQueueIsShorter(protocol.getMaxQueueSize(), pool.getQueueSize());
        }
        map.from(Math.min(pool.getMinSpare(), pool.getSize())).to(protocol::setMinSpareThreads);
        map.from(p::getMaxConnections).to(protocol::setMaxConnections);
        map.from(p::getAcceptCount).to(protocol::setAcceptCount);
        map.from(p::getConnectionTimeout).as(FcgiConnectorConfigurer::millis).to(protocol::setConnectionTimeout);
        map.from(p::getKeepAliveTimeout).as(FcgiConnectorConfigurer::millis).to(protocol::setKeepAliveTimeout);
        FcgiProperties.Output output = p.getOutput();
        map.from(output::getBufferSize).as(FcgiConnectorConfigurer::intBytes).to(protocol::setOutputBufferSize);
        map.from(output::getFlush).to(protocol::setFlushMode);
        FcgiProperties.Request request = p.getRequest();
        map.from(request::getSpillThreshold).as(FcgiConnectorConfigurer::intBytes).to(protocol::setSpillThreshold);
        map.from(request::getLargeBody).to(protocol::setLargeBodyMode);
        map.from(request::getSpillDirectory).whenHasText().to(protocol::setSpillDirectory);
        map.from(request::getMaxBodySize).as(DataSize::toBytes).to(protocol::setMaxBodySize);
        map.from(request::getMaxParamsSize).as(FcgiConnectorConfigurer::intBytes).to(protocol::setMaxParamsSize);
        map.from(request::getAttributesPattern).to(protocol::setAttributesPattern);
        map.from(p.getAuthorizer()::isEnabled).to(protocol::setAuthorizerEnabled);
        checkListenable(protocol, p);
        this.holder.register(connector);
        // unset or zero: off, as the protocol starts
        map.from(p::getSlowRequestThreshold)
            .whenNot(Duration::isZero)
            .as(Duration::toMillis)
            .to(protocol::setSlowRequestThreshold);
    }

    /**
     * Warns when the executor's own queue is shorter than {@code fcgi.pool.queue-size}
     * allows (or bounded while it is unset): Tomcat then refuses requests before the
     * connector's overload answer would, by closing the connection, which the web server
     * reports as 502. In {@code instead} mode
     * {@code server.tomcat.threads.max-queue-capacity} bounds that queue; in
     * {@code beside} mode Boot's {@code server.tomcat.*} settings do not reach the
     * FastCGI connector and the queue is unbounded.
     * @param executorQueue the queue capacity of the executor Tomcat creates
     * ({@code maxQueueSize})
     * @param queueSize {@code fcgi.pool.queue-size}, null or -1 for no limit
     */
    static void warnIfTheExecutorQueueIsShorter(int executorQueue, @Nullable Integer queueSize) {
        if (executorQueue >= UNBOUNDED_EXECUTOR_QUEUE) {
            return;
        }
        boolean unlimited = queueSize == null || queueSize == NO_LIMIT;
        if (unlimited || queueSize > executorQueue) {
            logger.warn("The FastCGI connector's executor queue holds " + executorQueue + " requests "
                    + "(server.tomcat.threads.max-queue-capacity, which reaches it in fcgi.mode=instead): beyond that "
                    + "Tomcat refuses a request by closing its connection (the web server answers 502), "
                    + (unlimited ? "as fcgi.pool.queue-size is unset"
                            : "before fcgi.pool.queue-size=" + queueSize + " would answer 503 with FCGI_OVERLOADED")
                    + ". Set fcgi.pool.queue-size to " + executorQueue + " or less for a quick 503 instead.");
        }
    }

    private static void checkListenable(FcgiNioProtocol protocol, FcgiProperties p) {
        try {
            protocol.checkListenable();
        }
        catch (FcgiSettingException ex) {
            throw ex;
        }
        catch (IllegalStateException ex) {
            if (ex.getCause() instanceof java.io.IOException) {
                throw new FcgiSettingException("fcgi.unix-socket.path",
                        "The FastCGI listener cannot use fcgi.unix-socket.path: " + ex.getMessage() + ".",
                        "Stop the process listening on it (or the other instance of this "
                                + "application), move away a file that is not a socket (it is never replaced), or set another "
                                + "fcgi.unix-socket.path.",
                        ex.getCause());
            }
            throw ex;
        }
    }

    /**
     * The port the connector is configured with: {@code fcgi.port} for TCP, -1 for a Unix
     * socket or an inherited socket (whose port, if any, is known only once it is
     * accepted on).
     */
    static int connectorPort(FcgiProperties p) {
        return (isUnixSocket(p) || p.isInheritChannel()) ? -1 : p.getPort();
    }

    /**
     * What Boot's "Tomcat started on ports ..." line shows in brackets after the FastCGI
     * connector's port: {@code fcgi} for TCP,
     * {@code fcgi on unix:/run/app.sock, not a TCP port} for a Unix socket,
     * {@code fcgi on the inherited socket} when accepting on an inherited one.
     */
    static String logLabel(FcgiProperties p) {
        if (p.isInheritChannel()) {
            return "fcgi on the inherited socket";
        }
        String path = p.getUnixSocket().getPath();
        if (path != null && !path.isBlank()) {
            return "fcgi on unix:" + path + ", not a TCP port";
        }
        return "fcgi";
    }

    private static boolean isUnixSocket(FcgiProperties p) {
        String path = p.getUnixSocket().getPath();
        return path != null && !path.isBlank();
    }

    private static String commaList(List<String> values) {
        return String.join(",", values);
    }

    private static int millis(Duration duration) {
        return (int) Math.min(duration.toMillis(), Integer.MAX_VALUE);
    }

    private static int intBytes(DataSize size) {
        return (int) Math.min(size.toBytes(), Integer.MAX_VALUE);
    }

    private static InetAddress resolve(String address) {
        try {
            return InetAddress.getByName(address);
        }
        catch (UnknownHostException ex) {
            throw new IllegalStateException("fcgi.address '" + address + "' cannot be resolved", ex);
        }
    }

}
