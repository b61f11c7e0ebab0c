package dev.fcgi.autoconfigure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import dev.fcgi.tomcat.FcgiNioProtocol;
import dev.fcgi.tomcat.FcgiSettingException;

import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.threads.VirtualThreadExecutor;

/**
 * Applies {@code fcgi.*} settings to a connector running {@link FcgiNioProtocol}: where it listens, the worker pool,
 * connection limits, timeouts, output and request-body handling.
 */
public class FcgiConnectorConfigurer {

    private final FcgiProperties properties;

    private final FcgiConnectorHolder holder;

    private final boolean virtualThreads;

    /**
     * Creates a configurer for connectors served by a pool of platform threads.
     * @param properties the bound {@code fcgi.*} settings
     * @param holder told about the connector configured
     */
    public FcgiConnectorConfigurer(FcgiProperties properties, FcgiConnectorHolder holder) {
        this(properties, holder, false);
    }

    /**
     * Creates the configurer.
     * @param properties the bound {@code fcgi.*} settings
     * @param holder told about the connector configured
     * @param virtualThreads serve requests on virtual threads ({@code spring.threads.virtual.enabled} on JDK 21+)
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
        // A Unix socket or an inherited socket has no port to configure: -1, which Tomcat accepts for them, so that
        // Boot's "Tomcat initialized/started with port ..." lines do not show fcgi.port's 9000 for a listener that is
        // not on it. The scheme is what those lines show after the port: say there what the listener is. Requests
        // carry their own scheme from the params.
        connector.setPort(connectorPort(p));
        connector.setScheme(logLabel(p));
        protocol.setAddress(resolve(p.getAddress()));
        if (p.getUnixSocket().getPath() != null && !p.getUnixSocket().getPath().isBlank()) {
            protocol.setUnixDomainSocketPath(p.getUnixSocket().getPath());
            protocol.setUnixDomainSocketPathPermissions(p.getUnixSocket().getPermissions());
            protocol.setUnixDomainSocketOwner(p.getUnixSocket().getOwner());
            protocol.setUnixDomainSocketGroup(p.getUnixSocket().getGroup());
        }
        if (p.getUnixSocket().getAllowedUsers() != null && !p.getUnixSocket().getAllowedUsers().isEmpty()) {
            protocol.setUnixDomainSocketAllowedUsers(String.join(",", p.getUnixSocket().getAllowedUsers()));
        }
        protocol.setUseInheritedChannel(p.isInheritChannel());
        if (p.getAllowedClients() != null && !p.getAllowedClients().isEmpty()) {
            protocol.setAllowedClients(String.join(",", p.getAllowedClients()));
        }
        protocol.setWaitQueueLimit((p.getPool().getQueueSize() != null) ? p.getPool().getQueueSize() : -1);
        protocol.setMaxThreads(p.getPool().getSize());
        if (this.virtualThreads) {
            // As Boot does for its own connector: one virtual thread per request, fcgi.pool.size no longer caps them.
            protocol.setExecutor(new VirtualThreadExecutor("fcgi-virtual-"));
        }
        protocol.setMinSpareThreads(Math.min(p.getPool().getMinSpare(), p.getPool().getSize()));
        protocol.setMaxConnections(p.getMaxConnections());
        protocol.setAcceptCount(p.getAcceptCount());
        protocol.setConnectionTimeout(millis(p.getConnectionTimeout()));
        if (p.getKeepAliveTimeout() != null) {
            protocol.setKeepAliveTimeout(millis(p.getKeepAliveTimeout()));
        }
        protocol.setOutputBufferSize((int) Math.min(p.getOutput().getBufferSize().toBytes(), Integer.MAX_VALUE));
        protocol.setFlushMode(p.getOutput().getFlush());
        FcgiProperties.Request request = p.getRequest();
        protocol.setSpillThreshold((int) Math.min(request.getSpillThreshold().toBytes(), Integer.MAX_VALUE));
        protocol.setLargeBodyMode(request.getLargeBody());
        if (request.getSpillDirectory() != null && !request.getSpillDirectory().isBlank()) {
            protocol.setSpillDirectory(request.getSpillDirectory());
        }
        protocol.setMaxBodySize(request.getMaxBodySize().toBytes());
        protocol.setMaxParamsSize((int) Math.min(request.getMaxParamsSize().toBytes(), Integer.MAX_VALUE));
        protocol.setAttributesPattern(request.getAttributesPattern());
        protocol.setAuthorizerEnabled(p.getAuthorizer().isEnabled());
        checkListenable(protocol, p);
        this.holder.register(connector);
        protocol.setSlowRequestThreshold((p.getSlowRequestThreshold() != null && !p.getSlowRequestThreshold().isZero())
                ? p.getSlowRequestThreshold().toMillis() : -1);
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
                throw new FcgiSettingException("fcgi.unix-socket.path", "The FastCGI listener cannot use fcgi.unix-socket.path: "
                        + ex.getMessage() + ".", "Stop the process listening on it (or the other instance of this "
                        + "application), move away a file that is not a socket (it is never replaced), or set another "
                        + "fcgi.unix-socket.path.", ex.getCause());
            }
            throw ex;
        }
    }

    /**
     * The port the connector is configured with: {@code fcgi.port} for TCP, -1 for a Unix socket or an inherited
     * socket (whose port, if any, is known only once it is accepted on).
     */
    static int connectorPort(FcgiProperties p) {
        boolean unix = p.getUnixSocket().getPath() != null && !p.getUnixSocket().getPath().isBlank();
        return (unix || p.isInheritChannel()) ? -1 : p.getPort();
    }

    /**
     * What Boot's "Tomcat started on ports ..." line shows in brackets after the FastCGI connector's port:
     * {@code fcgi} for TCP, {@code fcgi on unix:/run/app.sock, not a TCP port} for a Unix socket,
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

    private static int millis(Duration duration) {
        return (int) Math.min(duration.toMillis(), Integer.MAX_VALUE);
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
