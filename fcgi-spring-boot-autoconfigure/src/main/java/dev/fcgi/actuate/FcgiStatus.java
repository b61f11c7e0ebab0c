package dev.fcgi.actuate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.fcgi.tomcat.FcgiConnectorStatistics;
import dev.fcgi.tomcat.FcgiNioProtocol;
import dev.fcgi.tomcat.WorkerActivity;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

import static dev.fcgi.actuate.OpenMetric.Type.COUNTER;

/**
 * What the {@code fcgi} endpoint shows: the figures of PHP-FPM's status page,
 * camel-cased, read from the connector at one moment, and one entry per worker thread.
 * The components are the one list of the figures: JSON, text and OpenMetrics (for those
 * marked {@link OpenMetric}) write them in this order, under these names.
 *
 * @param listen where the connector listens
 * @param mode {@code beside} or {@code instead}
 * @param state whether the listener takes requests ({@code accepting}, {@code draining},
 * {@code paused}...)
 * @param startTime when the connector was created, ISO-8601
 * @param startSince seconds since then
 * @param acceptedConnections connections accepted since start
 * @param activeConnections connections open now
 * @param requests requests ended since start
 * @param queued requests waiting for a worker now
 * @param maxQueued the most requests that waited at once
 * @param idleWorkers worker threads not running a request
 * @param activeWorkers worker threads running a request
 * @param totalWorkers worker threads in the pool
 * @param maxWorkers the pool's size ({@code fcgi.pool.size})
 * @param maxActiveWorkers the most workers busy at once since start
 * @param maxWorkersReached times a request took the last free worker
 * @param slowRequests requests that ran longer than {@code fcgi.slow-request-threshold}
 * @param rejectedRequests requests refused by the connector (limits, overload, shutdown)
 * @param spilledBodies request bodies written to a temporary file
 * @param bytesIn FastCGI bytes received
 * @param bytesOut FastCGI bytes sent
 * @param workers one entry per worker thread that has served a request
 */
public record FcgiStatus(String listen, String mode,
        @OpenMetric(name = "fcgi_up", help = "1 while the listener takes requests", oneWhen = "accepting") String state,
        String startTime,
        @OpenMetric(name = "fcgi_start_since_seconds", help = "seconds since the connector started") long startSince,
        @OpenMetric(name = "fcgi_accepted_connections", type = COUNTER,
                help = "connections accepted") long acceptedConnections,
        @OpenMetric(name = "fcgi_active_connections", help = "connections open now") long activeConnections,
        @OpenMetric(name = "fcgi_requests", type = COUNTER, help = "requests ended") long requests,
        @OpenMetric(name = "fcgi_queued", help = "requests waiting for a worker") int queued,
        @OpenMetric(name = "fcgi_max_queued", help = "the most requests that waited at once") int maxQueued,
        @OpenMetric(name = "fcgi_idle_workers", help = "workers not running a request") int idleWorkers,
        @OpenMetric(name = "fcgi_active_workers", help = "workers running a request") int activeWorkers,
        @OpenMetric(name = "fcgi_total_workers", help = "workers in the pool") int totalWorkers,
        @OpenMetric(name = "fcgi_max_workers", help = "the pool's size") int maxWorkers,
        @OpenMetric(name = "fcgi_max_active_workers", help = "the most workers busy at once") int maxActiveWorkers,
        @OpenMetric(name = "fcgi_max_workers_reached", type = COUNTER,
                help = "times a request took the last free worker") long maxWorkersReached,
        @OpenMetric(name = "fcgi_slow_requests", type = COUNTER,
                help = "requests slower than the threshold") long slowRequests,
        @OpenMetric(name = "fcgi_rejected_requests", type = COUNTER,
                help = "requests refused by the connector") long rejectedRequests,
        @OpenMetric(name = "fcgi_spilled_bodies", type = COUNTER,
                help = "request bodies written to a file") long spilledBodies,
        @OpenMetric(name = "fcgi_received_bytes", type = COUNTER, help = "FastCGI bytes received") long bytesIn,
        @OpenMetric(name = "fcgi_sent_bytes", type = COUNTER, help = "FastCGI bytes sent") long bytesOut,
        List<Worker> workers) implements OperationResponseBody {

    /**
     * Reads the figures of a connector now.
     * @param protocol the connector's protocol
     * @param mode the configured mode, lower case
     * @param state the listener's state
     * @return the figures
     */
    static FcgiStatus read(FcgiNioProtocol protocol, String mode, FcgiListenerState state) {
        FcgiConnectorStatistics statistics = protocol.getStatistics();
        long nowMillis = System.currentTimeMillis();
        long nowNanos = System.nanoTime();
        List<WorkerActivity.Snapshot> snapshots = statistics.workerSnapshots(nowNanos);
        List<Worker> workers = new ArrayList<>(snapshots.size());
        for (WorkerActivity.Snapshot snapshot : snapshots) {
            workers.add(Worker.of(snapshot));
        }
        int active = statistics.activeWorkers();
        int total = Math.max(protocol.getWorkerThreads(), active);
        return new FcgiStatus(protocol.getListenDescription(), mode, state.label(),
                Instant.ofEpochMilli(statistics.startTimeMillis()).toString(),
                (nowMillis - statistics.startTimeMillis()) / 1000, protocol.getAcceptedConnections(),
                protocol.getActiveConnections(), statistics.requests(), protocol.getQueuedRequests(),
                protocol.getMaxQueuedRequests(), total - active, active, total, protocol.getMaxThreads(),
                statistics.maxActiveWorkers(), statistics.maxWorkersReached(), statistics.slowRequests(),
                statistics.rejectedRequests(), statistics.spilledBodies(), statistics.bytesIn(), statistics.bytesOut(),
                workers);
    }

    /**
     * One worker thread. The request's fields are present only while it is busy;
     * {@code lastDurationMs} once it has served a request.
     *
     * @param name the thread's name
     * @param state {@code idle} or {@code busy}
     * @param requests requests it has served
     * @param method method of the current request
     * @param uri URI of the current request
     * @param durationMs time spent on the current request so far
     * @param contentLength content length of the current request, when known
     * @param remoteAddr client address of the current request
     * @param lastDurationMs how long its previous request took
     */
    public record Worker(String name, String state, long requests, String method, String uri, Long durationMs,
            Long contentLength, String remoteAddr, Long lastDurationMs) {

        static Worker of(WorkerActivity.Snapshot snapshot) {
            Long last = (snapshot.lastDurationMs() >= 0) ? snapshot.lastDurationMs() : null;
            if (!snapshot.busy()) {
                return new Worker(snapshot.name(), "idle", snapshot.requests(), null, null, null, null, null, last);
            }
            Long contentLength = (snapshot.contentLength() >= 0) ? snapshot.contentLength() : null;
            return new Worker(snapshot.name(), "busy", snapshot.requests(), snapshot.method(), snapshot.uri(),
                    snapshot.durationMs(), contentLength, snapshot.remoteAddr(), last);
        }

    }

}
