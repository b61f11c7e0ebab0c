package dev.fcgi.tomcat;

import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

/**
 * PHP-FPM's slowlog for the JVM: looks at the busy workers now and then, and logs each
 * request that has run longer than the threshold once, with the worker thread's stack
 * trace, counting it as slow. Requests waiting asynchronously (SSE, DeferredResult) hold
 * no worker and are not reported.
 */
final class SlowRequestMonitor implements Runnable {

    private static final Log log = LogFactory.getLog(SlowRequestMonitor.class);

    private final FcgiConnectorStatistics statistics;

    private final long thresholdNanos;

    SlowRequestMonitor(FcgiConnectorStatistics statistics, long thresholdMillis) {
        this.statistics = statistics;
        this.thresholdNanos = thresholdMillis * 1_000_000;
    }

    /**
     * @return how often to look, in milliseconds: a quarter of the threshold, between 10
     * ms and 1 s
     */
    long periodMillis() {
        return Math.max(10, Math.min(1000, this.thresholdNanos / 4_000_000));
    }

    @Override
    public void run() {
        try {
            long now = System.nanoTime();
            for (WorkerActivity worker : this.statistics.workers()) {
                long start = worker.startNanos();
                if (worker.isBusy() && now - start > this.thresholdNanos && worker.markSlowLogged(start)) {
                    report(worker, now);
                }
            }
            this.statistics.pruneDeadWorkers();
        }
        catch (RuntimeException ex) {
            log.warn("Slow request check failed", ex);
        }
    }

    private void report(WorkerActivity worker, long now) {
        WorkerActivity.Snapshot snapshot = worker.snapshot(now);
        if (!snapshot.busy()) {
            return;
        }
        this.statistics.slowRequest();
        StringBuilder message = new StringBuilder(512);
        message.append("Slow FastCGI request: ")
            .append(snapshot.method())
            .append(' ')
            .append(snapshot.uri())
            .append(" from ")
            .append(snapshot.remoteAddr())
            .append(" running for ")
            .append(snapshot.durationMs())
            .append(" ms on ")
            .append(snapshot.name());
        for (StackTraceElement frame : worker.thread().getStackTrace()) {
            message.append("\n\tat ").append(frame);
        }
        log.warn(message);
    }

}
