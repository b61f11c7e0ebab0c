package dev.fcgi.actuate;

import java.util.function.Supplier;

import dev.fcgi.tomcat.FcgiNioProtocol;
import org.apache.catalina.connector.Connector;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code fcgi} health contributor: UP while the FastCGI listener takes requests,
 * OUT_OF_SERVICE while it is draining, paused, not yet started or stopped, DOWN when it
 * failed to start (could not bind). Details: where it listens, the mode, busy and maximum
 * workers, open connections.
 */
public class FcgiHealthIndicator implements HealthIndicator {

    private final Supplier<@Nullable Connector> connector;

    private final String mode;

    private final @Nullable FcgiShutdownDrain drain;

    /**
     * Creates the indicator.
     * @param connector the application's FastCGI connector, null until the web server has
     * created it
     * @param mode how the connector was added ({@code beside} or {@code instead}), as
     * shown in the details
     * @param drain the shutdown drain step, or null when there is none
     */
    public FcgiHealthIndicator(Supplier<@Nullable Connector> connector, String mode,
            @Nullable FcgiShutdownDrain drain) {
        this.connector = connector;
        this.mode = mode;
        this.drain = drain;
    }

    @Override
    public Health health() {
        Connector connector = this.connector.get();
        FcgiListenerState state = FcgiListenerState.of(connector, this.drain != null && this.drain.isDraining());
        Health.Builder health = switch (state) {
            case ACCEPTING -> Health.up();
            case FAILED, ABSENT -> Health.down();
            default -> Health.outOfService();
        };
        health.withDetail("state", state.label());
        health.withDetail("mode", this.mode);
        if (connector != null && connector.getProtocolHandler() instanceof FcgiNioProtocol protocol) {
            health.withDetail("listen", protocol.getListenDescription());
            health.withDetail("busyWorkers", protocol.getStatistics().activeWorkers());
            health.withDetail("maxWorkers", protocol.getMaxThreads());
            health.withDetail("connections", protocol.getActiveConnections());
        }
        return health.build();
    }

}
