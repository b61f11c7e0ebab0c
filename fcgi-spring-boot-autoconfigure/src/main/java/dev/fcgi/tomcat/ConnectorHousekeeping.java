package dev.fcgi.tomcat;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The periodic work of a running connector, on Tomcat's utility executor: the
 * slow-request check (when a threshold is set) and the pruning of ended worker threads
 * from the status page (the pool ends idle threads after a minute).
 */
final class ConnectorHousekeeping {

    private static final long PRUNE_PERIOD_SECONDS = 60;

    private ScheduledFuture<?> slowRequestCheck;

    private ScheduledFuture<?> workerPruning;

    /**
     * Starts the periodic work.
     * @param executor Tomcat's utility executor
     * @param statistics the connector's counters
     * @param slowRequestThresholdMillis the slow-request threshold, 0 or less for no
     * check
     */
    void start(ScheduledExecutorService executor, FcgiConnectorStatistics statistics, long slowRequestThresholdMillis) {
        if (slowRequestThresholdMillis > 0) {
            SlowRequestMonitor monitor = new SlowRequestMonitor(statistics, slowRequestThresholdMillis);
            this.slowRequestCheck = executor.scheduleWithFixedDelay(monitor, monitor.periodMillis(),
                    monitor.periodMillis(), TimeUnit.MILLISECONDS);
        }
        this.workerPruning = executor.scheduleWithFixedDelay(statistics::pruneDeadWorkers, PRUNE_PERIOD_SECONDS,
                PRUNE_PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    /** Stops the periodic work. */
    void stop() {
        if (this.slowRequestCheck != null) {
            this.slowRequestCheck.cancel(false);
            this.slowRequestCheck = null;
        }
        if (this.workerPruning != null) {
            this.workerPruning.cancel(false);
            this.workerPruning = null;
        }
    }

}
