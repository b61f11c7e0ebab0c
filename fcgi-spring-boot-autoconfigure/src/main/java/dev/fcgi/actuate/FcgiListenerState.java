package dev.fcgi.actuate;

import java.util.Locale;

import dev.fcgi.tomcat.FcgiNioProtocol;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.jspecify.annotations.Nullable;

/**
 * Whether the FastCGI listener takes new requests, as the health contributor and the
 * status endpoint report it.
 */
public enum FcgiListenerState {

    /** Started and taking requests. */
    ACCEPTING,

    /**
     * Still taking requests, but shutdown has begun: a load balancer should stop sending.
     */
    DRAINING,

    /** Paused: requests are refused (graceful shutdown, or paused on purpose). */
    PAUSED,

    /** Not started yet. */
    STARTING,

    /** Stopped, or stopping. */
    STOPPED,

    /** Could not start, typically because it could not bind its address or socket. */
    FAILED,

    /** No FastCGI connector was created. */
    ABSENT;

    /**
     * Works out the state of a connector.
     * @param connector the connector, or null when none was created
     * @param draining whether shutdown has begun
     * @return the state
     */
    static FcgiListenerState of(@Nullable Connector connector, boolean draining) {
        if (connector == null) {
            return ABSENT;
        }
        LifecycleState state = connector.getState();
        if (state == LifecycleState.FAILED) {
            return FAILED;
        }
        if (state == LifecycleState.STARTED) {
            if (connector.getProtocolHandler() instanceof FcgiNioProtocol protocol && protocol.isPaused()) {
                return PAUSED;
            }
            return draining ? DRAINING : ACCEPTING;
        }
        if (state == LifecycleState.NEW || state == LifecycleState.INITIALIZING || state == LifecycleState.INITIALIZED
                || state == LifecycleState.STARTING_PREP || state == LifecycleState.STARTING) {
            return STARTING;
        }
        return STOPPED;
    }

    /**
     * @return the state's name as shown in JSON and text: lower case
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

}
