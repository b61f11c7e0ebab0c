package dev.fcgi.testsupport;

import dev.fcgi.tomcat.FcgiNioProtocol;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link BareFcgiTomcat} for one test class: started before its first test and stopped
 * after its last. Register it in a static field:
 * <p>
 * <pre>{@code
 * &#64;RegisterExtension
 * static final BareFcgiServer server = new BareFcgiServer(BareFcgiTomcat.builder().maxBodySize(3 * 1024 * 1024));
 * }</pre>
 */
public final class BareFcgiServer implements BeforeAllCallback, AfterAllCallback {

    private final BareFcgiTomcat.Builder builder;

    private BareFcgiTomcat tomcat;

    /**
     * @param builder the server's settings
     */
    public BareFcgiServer(BareFcgiTomcat.Builder builder) {
        this.builder = builder;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        this.tomcat = this.builder.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (this.tomcat != null) {
            this.tomcat.close();
            this.tomcat = null;
        }
    }

    /**
     * @return the port the FastCGI connector listens on (loopback)
     */
    public int port() {
        return this.tomcat.port();
    }

    /**
     * @return the connector's protocol
     */
    public FcgiNioProtocol protocol() {
        return this.tomcat.protocol();
    }

}
