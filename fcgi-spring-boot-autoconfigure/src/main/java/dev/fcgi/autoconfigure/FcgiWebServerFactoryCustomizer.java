package dev.fcgi.autoconfigure;

import dev.fcgi.tomcat.FcgiNioProtocol;
import dev.fcgi.tomcat.FcgiSettingException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Puts the FastCGI connector into the application's Tomcat: added beside the HTTP
 * connector, or swapped in as the only connector's protocol. Runs after Boot's own server
 * customizers, so {@code fcgi.*} settings win over {@code server.*} ones on the FastCGI
 * connector.
 */
public class FcgiWebServerFactoryCustomizer
        implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private static final Log logger = LogFactory.getLog(FcgiWebServerFactoryCustomizer.class);

    private final FcgiProperties properties;

    private final FcgiConnectorConfigurer configurer;

    /**
     * Creates the customizer.
     * @param properties the bound {@code fcgi.*} settings
     * @param holder told about the connector once it exists
     * @param virtualThreads serve FastCGI requests on virtual threads
     */
    public FcgiWebServerFactoryCustomizer(FcgiProperties properties, FcgiConnectorHolder holder,
            boolean virtualThreads) {
        this.properties = properties;
        this.configurer = new FcgiConnectorConfigurer(properties, holder, virtualThreads);
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (this.properties.getMode() == FcgiMode.BESIDE) {
            refuseSharedPort(factory.getPort());
            factory.addAdditionalConnectors(this.configurer.createConnector());
            return;
        }
        if (Ssl.isEnabled(factory.getSsl())) {
            throw new FcgiSettingException("fcgi.mode",
                    "fcgi.mode=instead cannot be combined with server.ssl.*: the FastCGI "
                            + "listener carries no TLS (the web server in front terminates it).",
                    "Remove server.ssl.*, or " + "use fcgi.mode=beside to keep an HTTPS connector next to FastCGI.");
        }
        if (factory.getHttp2() != null && factory.getHttp2().isEnabled()) {
            logger.warn("server.http2.enabled is ignored with fcgi.mode=instead: FastCGI has no HTTP/2 upgrade "
                    + "(enable HTTP/2 in the web server in front)");
            factory.setHttp2(null);
        }
        factory.setProtocol(FcgiNioProtocol.class.getName());
        factory.addConnectorCustomizers(this.configurer::configure);
    }

    private void refuseSharedPort(int httpPort) {
        boolean tcp = !this.properties.isInheritChannel() && (this.properties.getUnixSocket().getPath() == null
                || this.properties.getUnixSocket().getPath().isBlank());
        if (tcp && httpPort > 0 && httpPort == this.properties.getPort()) {
            throw new FcgiSettingException("fcgi.port",
                    "server.port and fcgi.port are both " + httpPort + ": in fcgi.mode=beside "
                            + "Tomcat's HTTP connector and the FastCGI connector each need a port of their own.",
                    "Give fcgi.port another port (9000 is the usual FastCGI port), or set fcgi.mode=instead to serve "
                            + "only FastCGI on that port.");
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 100;
    }

}
