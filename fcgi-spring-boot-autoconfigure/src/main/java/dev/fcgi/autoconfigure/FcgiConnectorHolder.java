package dev.fcgi.autoconfigure;

import java.util.Optional;

import dev.fcgi.tomcat.FcgiNioProtocol;
import org.apache.catalina.connector.Connector;

/**
 * The application's FastCGI connector, once Tomcat has created it: where the actuator,
 * meters and tests find its protocol, listener and statistics, in either mode.
 */
public class FcgiConnectorHolder {

    private final FcgiMode mode;

    private volatile Connector connector;

    /**
     * Creates the holder.
     * @param mode the configured mode
     */
    public FcgiConnectorHolder(FcgiMode mode) {
        this.mode = mode;
    }

    void register(Connector connector) {
        this.connector = connector;
    }

    /**
     * @return the configured mode
     */
    public FcgiMode getMode() {
        return this.mode;
    }

    /**
     * @return the connector, empty before the web server is created
     */
    public Optional<Connector> getConnector() {
        return Optional.ofNullable(this.connector);
    }

    /**
     * @return the connector's protocol, empty before the web server is created
     */
    public Optional<FcgiNioProtocol> getProtocol() {
        return getConnector().map((c) -> (FcgiNioProtocol) c.getProtocolHandler());
    }

}
