package dev.fcgi.tomcat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.apache.coyote.Request;

/**
 * Live counters of one FastCGI connector, the figures of PHP-FPM's status page: requests,
 * workers busy and idle, high-water marks, slow, refused and spilled requests, bytes in
 * and out. Updated on the request path with adders and atomics only (no locks, no
 * allocation per request), read by the actuator whenever it is asked.
 */
public final class FcgiConnectorStatistics {

    private final long startTimeMillis = System.currentTimeMillis();

    private final LongAdder requests = new LongAdder();

    private final LongAdder slowRequests = new LongAdder();

    private final LongAdder rejectedRequests = new LongAdder();

    private final LongAdder spilledBodies = new LongAdder();

    private final LongAdder bytesIn = new LongAdder();

    private final LongAdder bytesOut = new LongAdder();

    private final LongAdder maxWorkersReached = new LongAdder();

    private final AtomicInteger activeWorkers = new AtomicInteger();

    private final HighWaterMark maxActiveWorkers = new HighWaterMark();

    private final Map<Thread, WorkerActivity> workers = new ConcurrentHashMap<>();

    private final ThreadLocal<WorkerActivity> currentWorker = new ThreadLocal<>();

    private final java.util.Queue<WorkerActivity> freeVirtualSlots = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private final List<WorkerActivity> virtualSlots = new java.util.concurrent.CopyOnWriteArrayList<>();

    private volatile FcgiRequestListener listener;

    /**
     * The calling worker thread starts running a request in the application.
     * @param request the request
     * @param maxWorkers the pool's size, to count the times it is exhausted
     * @return the worker's activity, to pass to {@link #workerDone}
     */
    WorkerActivity workerBusy(Request request, int maxWorkers) {
        Thread thread = Thread.currentThread();
        WorkerActivity worker;
        if (VirtualThreads.isVirtual(thread)) {
            worker = this.freeVirtualSlots.poll();
            if (worker == null) {
                worker = new WorkerActivity(thread, "virtual-" + (this.virtualSlots.size() + 1));
                this.virtualSlots.add(worker);
            }
        }
        else {
            worker = this.currentWorker.get();
            if (worker == null) {
                worker = new WorkerActivity(thread, thread.getName());
                this.currentWorker.set(worker);
                this.workers.put(thread, worker);
            }
        }
        worker.begin(thread, request, System.nanoTime());
        int active = this.activeWorkers.incrementAndGet();
        if (active >= maxWorkers) {
            this.maxWorkersReached.increment();
        }
        this.maxActiveWorkers.offer(active);
        return worker;
    }

    /**
     * The worker thread is back from the application (the request may go on
     * asynchronously).
     * @param worker what {@link #workerBusy} returned
     */
    void workerDone(WorkerActivity worker) {
        worker.end(System.nanoTime());
        this.activeWorkers.decrementAndGet();
        if (VirtualThreads.isVirtual(worker.thread())) {
            this.freeVirtualSlots.offer(worker);
        }
    }

    /**
     * A request ended with END_REQUEST.
     * @param status the HTTP status sent
     * @param durationNanos time from BEGIN_REQUEST on
     * @param in bytes received for it
     * @param out bytes sent for it
     */
    void requestEnded(int status, long durationNanos, long in, long out) {
        this.requests.increment();
        this.bytesIn.add(in);
        this.bytesOut.add(out);
        FcgiRequestListener current = this.listener;
        if (current != null) {
            current.requestEnded(status, durationNanos);
        }
    }

    void requestRejected() {
        this.rejectedRequests.increment();
    }

    void bodySpilled() {
        this.spilledBodies.increment();
    }

    void slowRequest() {
        this.slowRequests.increment();
    }

    /** Forgets workers whose threads have ended (the pool shrinks idle threads). */
    void pruneDeadWorkers() {
        this.workers.keySet().removeIf((thread) -> !thread.isAlive());
    }

    /**
     * @param listener told about every request that ends; null for none
     */
    public void setListener(FcgiRequestListener listener) {
        this.listener = listener;
    }

    /**
     * @return when the connector was created, in epoch milliseconds
     */
    public long startTimeMillis() {
        return this.startTimeMillis;
    }

    /**
     * @return requests ended since start
     */
    public long requests() {
        return this.requests.sum();
    }

    /**
     * @return requests that ran longer than the slow-request threshold
     */
    public long slowRequests() {
        return this.slowRequests.sum();
    }

    /**
     * @return requests refused by the connector (limits, overload, shutdown)
     */
    public long rejectedRequests() {
        return this.rejectedRequests.sum();
    }

    /**
     * @return request bodies written to a spill file
     */
    public long spilledBodies() {
        return this.spilledBodies.sum();
    }

    /**
     * @return FastCGI bytes received
     */
    public long bytesIn() {
        return this.bytesIn.sum();
    }

    /**
     * @return FastCGI bytes sent
     */
    public long bytesOut() {
        return this.bytesOut.sum();
    }

    /**
     * @return workers running a request now
     */
    public int activeWorkers() {
        return this.activeWorkers.get();
    }

    /**
     * @return the most workers busy at once since start
     */
    public int maxActiveWorkers() {
        return this.maxActiveWorkers.get();
    }

    /**
     * @return times a request took the last free worker
     */
    public long maxWorkersReached() {
        return this.maxWorkersReached.sum();
    }

    /**
     * @return the workers that have served requests, busy or idle (platform threads, then
     * virtual slots)
     */
    public Collection<WorkerActivity> workers() {
        if (this.virtualSlots.isEmpty()) {
            return this.workers.values();
        }
        List<WorkerActivity> all = new ArrayList<>(this.workers.values());
        all.addAll(this.virtualSlots);
        return all;
    }

    /**
     * @param nowNanos the current {@link System#nanoTime()}
     * @return a picture of every known worker
     */
    public List<WorkerActivity.Snapshot> workerSnapshots(long nowNanos) {
        List<WorkerActivity.Snapshot> snapshots = new ArrayList<>();
        for (WorkerActivity worker : workers()) {
            snapshots.add(worker.snapshot(nowNanos));
        }
        snapshots.sort((a, b) -> a.name().compareTo(b.name()));
        return snapshots;
    }

}
