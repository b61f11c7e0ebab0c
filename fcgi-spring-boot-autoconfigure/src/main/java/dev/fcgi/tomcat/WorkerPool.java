package dev.fcgi.tomcat;

import java.util.concurrent.Executor;

/**
 * The figures of a connector's worker pool, read from whichever executor runs its
 * requests: Tomcat's own thread pool, a JDK
 * {@link java.util.concurrent.ThreadPoolExecutor}, or another executor (such as one
 * starting a virtual thread per task), which keeps no counts, so the connector's
 * statistics stand in for it. Reads counters only, so it can sit on the per-request path.
 */
final class WorkerPool {

    private WorkerPool() {
    }

    /**
     * Counts what was handed to the pool and has not finished, running or waiting for a
     * worker; not only the workers already inside the application (in a burst the poller
     * hands over many events before any worker wakes up).
     * @param executor the connector's executor
     * @param statistics the connector's statistics, or null
     * @return tasks outstanding now
     */
    static long outstandingTasks(Executor executor, FcgiConnectorStatistics statistics) {
        if (executor instanceof org.apache.tomcat.util.threads.ThreadPoolExecutor pool) {
            return pool.getSubmittedCount();
        }
        if (executor instanceof java.util.concurrent.ThreadPoolExecutor pool) {
            return pool.getActiveCount() + pool.getQueue().size();
        }
        return (statistics != null) ? statistics.activeWorkers() : 0;
    }

    /**
     * @param executor the connector's executor
     * @return tasks waiting in the executor's queue for a worker (0 for executors without
     * a queue)
     */
    static int queuedTasks(Executor executor) {
        if (executor instanceof org.apache.tomcat.util.threads.ThreadPoolExecutor pool) {
            return pool.getQueue().size();
        }
        if (executor instanceof java.util.concurrent.ThreadPoolExecutor pool) {
            return pool.getQueue().size();
        }
        return 0;
    }

    /**
     * @param executor the connector's executor
     * @param statistics the connector's statistics
     * @return worker threads in the pool now, busy and idle (for other executors, the
     * workers that served requests)
     */
    static int threads(Executor executor, FcgiConnectorStatistics statistics) {
        if (executor instanceof org.apache.tomcat.util.threads.ThreadPoolExecutor pool) {
            return pool.getPoolSize();
        }
        if (executor instanceof java.util.concurrent.ThreadPoolExecutor pool) {
            return pool.getPoolSize();
        }
        return statistics.workers().size();
    }

}
