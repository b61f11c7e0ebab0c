package dev.fcgi.tomcat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * The open connections that have carried at least one request, told apart from ones just
 * accepted whose first request may still be on its way: when a graceful shutdown pauses
 * the connector, the former are closed while they wait idle (a web server retries a
 * request that fails on a kept connection), the latter are left to deliver their request.
 * Processors note each request as it begins; the endpoint asks, and sweeps closed
 * connections out as new ones arrive. One registry per connector, shared by its endpoint
 * and processors.
 */
final class UsedConnections {

    /**
     * How far the registry may outgrow the open connections before closed ones are swept
     * out.
     */
    private static final int SWEEP_SLACK = 64;

    private final Set<SocketWrapperBase<?>> connections = ConcurrentHashMap.newKeySet();

    /**
     * Notes that a connection carries a request; only its first one writes, later ones
     * cost a lock-free read.
     * @param connection the connection
     */
    void requestBegun(SocketWrapperBase<?> connection) {
        if (!this.connections.contains(connection)) {
            this.connections.add(connection);
        }
    }

    /**
     * @param connection an open connection
     * @return whether a request has begun on it
     */
    boolean hasCarriedRequest(SocketWrapperBase<?> connection) {
        return this.connections.contains(connection);
    }

    /**
     * Forgets closed connections once the registry holds notably more than are open.
     * @param activeConnections connections open now
     */
    void sweepClosed(int activeConnections) {
        if (this.connections.size() > activeConnections + SWEEP_SLACK) {
            this.connections.removeIf(SocketWrapperBase::isClosed);
        }
    }

}
