package dev.fcgi.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import dev.fcgi.tomcat.FcgiNioProtocol;
import org.apache.catalina.connector.Connector;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * Once Tomcat has started, logs where the FastCGI connector listens and publishes its
 * bound port as {@code local.fcgi.port} in the Environment (as Boot does with
 * {@code local.server.port}), so tests and {@code @Value("${local.fcgi.port}")} can use
 * {@code fcgi.port=0}.
 */
public class FcgiListenerPublisher implements ApplicationListener<WebServerInitializedEvent> {

    /** Environment property holding the port the FastCGI connector bound. */
    public static final String LOCAL_PORT_PROPERTY = "local.fcgi.port";

    private static final String PROPERTY_SOURCE_NAME = "fcgi.ports";

    private static final Log logger = LogFactory.getLog(FcgiListenerPublisher.class);

    private final FcgiProperties properties;

    /**
     * Creates the publisher.
     * @param properties the bound {@code fcgi.*} settings, for the mode in the log line
     */
    FcgiListenerPublisher(FcgiProperties properties) {
        this.properties = properties;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (!(event.getWebServer() instanceof TomcatWebServer tomcat)
                || "management".equals(event.getApplicationContext().getServerNamespace())) {
            return;
        }
        for (Connector connector : tomcat.getTomcat().getService().findConnectors()) {
            if (connector.getProtocolHandler() instanceof FcgiNioProtocol protocol) {
                int port = connector.getLocalPort();
                if (port >= 0 && protocol.getUnixDomainSocketPath() == null) {
                    publish(event.getApplicationContext(), port);
                }
                logger.info("FastCGI listening on " + protocol.getListenDescription() + " (mode "
                        + this.properties.getMode().label() + ")");
            }
        }
    }

    private void publish(ApplicationContext context, int port) {
        while (context != null) {
            if (context.getEnvironment() instanceof ConfigurableEnvironment environment) {
                MutablePropertySources sources = environment.getPropertySources();
                PropertySource<?> source = sources.get(PROPERTY_SOURCE_NAME);
                if (source == null) {
                    Map<String, Object> ports = new HashMap<>();
                    ports.put(LOCAL_PORT_PROPERTY, port);
                    sources.addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, ports));
                }
                else {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> ports = (Map<String, Object>) source.getSource();
                    ports.put(LOCAL_PORT_PROPERTY, port);
                }
            }
            context = context.getParent();
        }
    }

}
