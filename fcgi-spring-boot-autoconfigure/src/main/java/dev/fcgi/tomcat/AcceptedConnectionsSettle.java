package dev.fcgi.tomcat;

import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

/**
 * The wait of a graceful shutdown after the listening socket closed: until every
 * connection already accepted has either closed or handed its request to the application,
 * where the shutdown waits for it. Without it, a connection accepted just before the
 * socket closed (on a listener shared with the next generation, as under Server::Starter,
 * that happens under load) could be cut before its request is read: the web server
 * reports 502 and does not retry a request that failed on a new connection.
 */
final class AcceptedConnectionsSettle {

    private static final Log log = LogFactory.getLog(AcceptedConnectionsSettle.class);

    /** Longest the wait lasts, whatever the connection timeout. */
    static final long LIMIT_MILLIS = 5_000;

    private static final long POLL_MILLIS = 10;

    /** Polls between two sweeps of idle connections. */
    private static final int SWEEP_EVERY = 20;

    private AcceptedConnectionsSettle() {
    }

    /**
     * Waits, bounded by the connection timeout and {@value #LIMIT_MILLIS} ms.
     * @param endpoint the paused endpoint whose listener just closed
     * @param connectionTimeoutMillis the connector's connection timeout
     */
    static void await(FcgiNioEndpoint endpoint, long connectionTimeoutMillis) {
        long limit = Math.min(LIMIT_MILLIS, Math.max(0, connectionTimeoutMillis));
        long start = System.nanoTime();
        long deadline = start + limit * 1_000_000L;
        int outside = endpoint.connectionsOutsideTheApplication();
        for (int round = 1; outside > 0 && System.nanoTime() < deadline; round++) {
            try {
                Thread.sleep(POLL_MILLIS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
            if (round % SWEEP_EVERY == 0) {
                // A processor that finished its request just before the pause was seen
                // kept its connection idle.
                endpoint.closeIdleConnections();
            }
            outside = endpoint.connectionsOutsideTheApplication();
        }
        long waited = (System.nanoTime() - start) / 1_000_000;
        if (outside > 0) {
            log.info("FastCGI listener closed; after " + waited + " ms " + outside
                    + " connection(s) still had no request in the application and will be closed with the connector");
        }
        else if (log.isDebugEnabled()) {
            log.debug("FastCGI listener closed; accepted connections settled in " + waited + " ms");
        }
    }

}
