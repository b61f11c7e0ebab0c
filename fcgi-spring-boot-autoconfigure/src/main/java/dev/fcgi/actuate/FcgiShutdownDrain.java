package dev.fcgi.actuate;

import java.time.Duration;
import java.util.function.Supplier;

import org.apache.catalina.connector.Connector;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * The first step of shutdown for the FastCGI listener: marks it as draining, so the
 * {@code fcgi} health reports OUT_OF_SERVICE, then keeps serving for
 * {@code fcgi.shutdown.drain-delay} so a load balancer polling the health stops sending
 * before the web server's graceful shutdown pauses the connector and closes the socket.
 * It stops in a phase before Boot's graceful-shutdown phase.
 */
public class FcgiShutdownDrain implements SmartLifecycle {

    /**
     * Stop phase: before Boot's web server graceful shutdown
     * ({@code DEFAULT_PHASE - 1024}) and the web server's stop
     * ({@code DEFAULT_PHASE - 2048}).
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private static final Log logger = LogFactory.getLog(FcgiShutdownDrain.class);

    private final Supplier<@Nullable Connector> connector;

    private final Duration delay;

    private volatile boolean running;

    private volatile boolean draining;

    /**
     * Creates the drain step.
     * @param connector the application's FastCGI connector, null until the web server has
     * created it
     * @param delay how long to keep serving once draining; zero or null for no wait
     */
    public FcgiShutdownDrain(Supplier<@Nullable Connector> connector, @Nullable Duration delay) {
        this.connector = connector;
        this.delay = (delay != null && !delay.isNegative()) ? delay : Duration.ZERO;
    }

    @Override
    public void start() {
        this.draining = false;
        this.running = true;
    }

    @Override
    public void stop() {
        if (!this.running) {
            return;
        }
        this.draining = true;
        try {
            FcgiListenerState state = FcgiListenerState.of(this.connector.get(), true);
            if (state == FcgiListenerState.DRAINING && !this.delay.isZero()) {
                logger.info("Draining FastCGI listener for " + this.delay.toMillis() + " ms: health reports "
                        + "OUT_OF_SERVICE while requests are still served");
                Thread.sleep(this.delay.toMillis());
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        finally {
            this.running = false;
        }
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /**
     * @return true once shutdown has begun
     */
    public boolean isDraining() {
        return this.draining;
    }

    /**
     * @return how long the listener keeps serving once draining
     */
    public Duration getDelay() {
        return this.delay;
    }

}
