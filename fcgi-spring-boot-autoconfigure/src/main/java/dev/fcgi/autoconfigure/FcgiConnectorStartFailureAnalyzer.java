package dev.fcgi.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.tomcat.ConnectorStartFailedException;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.WebServerException;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Explains why the FastCGI connector failed to start, ahead of Boot's generic "the port
 * may already be in use": it names the {@code fcgi.*} setting involved and, for a TCP
 * listener, binds the address and port once more to report what the operating system
 * actually said (in use, not an address of this host, permission denied).
 */
class FcgiConnectorStartFailureAnalyzer extends AbstractFailureAnalyzer<WebServerException> implements Ordered {

    private final Environment environment;

    FcgiConnectorStartFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, WebServerException cause) {
        Integer port = failedPort(cause);
        if (port == null || this.environment == null) {
            return null;
        }
        FcgiProperties properties = Binder.get(this.environment)
            .bind("fcgi", FcgiProperties.class)
            .orElseGet(FcgiProperties::new);
        if (!properties.isEnabled() || FcgiConnectorConfigurer.connectorPort(properties) != port) {
            return null;
        }
        String socketPath = properties.getUnixSocket().getPath();
        if (properties.isInheritChannel()) {
            return new FailureAnalysis("The FastCGI listener failed to start: fcgi.inherit-channel=true, so it accepts "
                    + "on the listening socket this process inherited, and there was none (or it was not a listening "
                    + "socket).",
                    "Start the application from the program that hands it the listening socket "
                            + "(spawn-fcgi, multiwatch, mod_fcgid, lighttpd bin-path, Server::Starter), or remove "
                            + "fcgi.inherit-channel to let it bind fcgi.address and fcgi.port itself.",
                    cause);
        }
        if (socketPath != null && !socketPath.isBlank()) {
            return new FailureAnalysis("The FastCGI listener on the Unix socket " + socketPath
                    + " (fcgi.unix-socket.path) failed to start; Tomcat logged the reason above (\"Failed to start "
                    + "component [Connector[fcgi-nio-...]]\").",
                    "Check that this user may create files in the "
                            + "socket's directory (the socket is bound in a private directory made there, then moved into "
                            + "place), that fcgi.unix-socket.owner and group may be given to it, and that no other process "
                            + "listens on the socket; or set another fcgi.unix-socket.path.",
                    cause);
        }
        return tcpAnalysis(properties, port, cause);
    }

    private FailureAnalysis tcpAnalysis(FcgiProperties properties, int port, WebServerException cause) {
        String where = properties.getAddress() + ":" + port + " (fcgi.address, fcgi.port)";
        IOException bindFailure = bindAgain(properties.getAddress(), port);
        if (bindFailure == null) {
            return new FailureAnalysis(
                    "The FastCGI listener on " + where + " failed to start; the address and port "
                            + "can be bound now, so see the reason Tomcat logged above (\"Failed to start component "
                            + "[Connector[fcgi-nio-...]]\").",
                    "Correct the fcgi.* setting Tomcat's error names.", cause);
        }
        String reason = String.valueOf(bindFailure.getMessage());
        if (reason.contains("in use")) {
            return new FailureAnalysis(
                    "The FastCGI listener could not bind " + where + ": the port is already in "
                            + "use by another process (or another instance of this application).",
                    "Stop the process " + "listening on port " + port + " (ss -ltnp 'sport = :" + port
                            + "' shows it), or set fcgi.port "
                            + "to a free port (0 picks any free port, published as local.fcgi.port).",
                    cause);
        }
        if (reason.contains("assign requested address")) {
            return new FailureAnalysis(
                    "The FastCGI listener could not bind " + where + ": " + properties.getAddress()
                            + " is not an address of this host (" + reason + ").",
                    "Set fcgi.address to an address of "
                            + "this host (ip -br addr lists them), or 127.0.0.1 with the web server on this host.",
                    cause);
        }
        if (reason.contains("Permission denied")) {
            return new FailureAnalysis(
                    "The FastCGI listener could not bind " + where + ": permission denied (" + reason + ").",
                    "Ports below 1024 need privileges this process does not have: set fcgi.port "
                            + "to 1024 or above (9000 is the usual FastCGI port).",
                    cause);
        }
        return new FailureAnalysis("The FastCGI listener could not bind " + where + ": " + reason + ".",
                "Correct fcgi.address and fcgi.port, or set fcgi.unix-socket.path to listen on a Unix socket.", cause);
    }

    private static Integer failedPort(WebServerException cause) {
        if (cause instanceof PortInUseException portInUse) {
            return portInUse.getPort();
        }
        if (cause instanceof ConnectorStartFailedException startFailed) {
            return startFailed.getPort();
        }
        return null;
    }

    private static IOException bindAgain(String address, int port) {
        try (ServerSocketChannel channel = ServerSocketChannel.open()) {
            channel.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            return null;
        }
        catch (IOException ex) {
            return ex;
        }
    }

}
