package dev.fcgi.demo.support;

import java.util.Arrays;
import java.util.List;

import dev.fcgi.tomcat.FcgiNioProtocol;
import org.apache.catalina.connector.Connector;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

/**
 * Finds the connectors of a running demo application, and its FastCGI protocol handler,
 * for tests that check the listeners and the connector's counters.
 */
public final class FcgiConnectors {

    private FcgiConnectors() {
    }

    /**
     * All of Tomcat's connectors in the application.
     * @param context the running application
     * @return the connectors, main one first
     */
    public static List<Connector> all(ServletWebServerApplicationContext context) {
        TomcatWebServer server = (TomcatWebServer) context.getWebServer();
        return Arrays.asList(server.getTomcat().getService().findConnectors());
    }

    /**
     * The one FastCGI protocol handler in the application.
     * @param context the running application
     * @return the protocol handler
     * @throws IllegalStateException if there is not exactly one
     */
    public static FcgiNioProtocol protocol(ServletWebServerApplicationContext context) {
        List<FcgiNioProtocol> found = all(context).stream()
            .map(Connector::getProtocolHandler)
            .filter(FcgiNioProtocol.class::isInstance)
            .map(FcgiNioProtocol.class::cast)
            .toList();
        if (found.size() != 1) {
            throw new IllegalStateException("Expected one FastCGI connector, found " + found.size());
        }
        return found.get(0);
    }

}
