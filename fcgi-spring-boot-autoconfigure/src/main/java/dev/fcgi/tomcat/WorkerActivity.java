package dev.fcgi.tomcat;

import org.apache.coyote.Request;

/**
 * What one worker is doing: idle, or serving a request (whose method, URI, client and
 * start are read from the live Coyote request). A platform worker thread keeps its own
 * entry; virtual threads, one per request, borrow an entry from a pool for the length of
 * the request, so entries stay as many as requests ever ran at once. Written only by the
 * thread serving the request, with volatile fields, so readers on other threads (the
 * status endpoint, the slow-request check) see a consistent enough picture without locks.
 * Nothing is allocated per request.
 */
public final class WorkerActivity {

    private volatile Thread thread;

    private final String name;

    private volatile Request request;

    private volatile long startNanos;

    private volatile long requests;

    private volatile long lastDurationNanos = -1;

    private volatile long slowLoggedStart;

    WorkerActivity(Thread thread, String name) {
        this.thread = thread;
        this.name = name;
    }

    void begin(Thread thread, Request request, long startNanos) {
        this.thread = thread;
        this.startNanos = startNanos;
        this.request = request;
    }

    void end(long nowNanos) {
        this.lastDurationNanos = nowNanos - this.startNanos;
        this.request = null;
        this.requests = this.requests + 1;
    }

    /**
     * @return the worker thread, or for a pooled entry the thread that used it last
     */
    public Thread thread() {
        return this.thread;
    }

    /**
     * @return true while the worker serves a request
     */
    public boolean isBusy() {
        return this.request != null;
    }

    /**
     * @return requests this worker has served
     */
    public long requests() {
        return this.requests;
    }

    /**
     * @return when the current request started ({@link System#nanoTime()}), valid while
     * busy
     */
    public long startNanos() {
        return this.startNanos;
    }

    /**
     * @return how long the last request took in nanoseconds, or -1 before the first
     */
    public long lastDurationNanos() {
        return this.lastDurationNanos;
    }

    /**
     * Marks the current request as reported slow.
     * @param start the request's start, from {@link #startNanos()}
     * @return true the first time for this request
     */
    boolean markSlowLogged(long start) {
        if (this.slowLoggedStart == start) {
            return false;
        }
        this.slowLoggedStart = start;
        return true;
    }

    /**
     * Takes a picture of the worker for status pages. Fields of a request that ends while
     * they are read may mix two requests; the picture is then taken again, and given up
     * as idle after a few tries.
     * @param nowNanos the current {@link System#nanoTime()}
     * @return the picture
     */
    public Snapshot snapshot(long nowNanos) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Request current = this.request;
            long start = this.startNanos;
            if (current == null) {
                break;
            }
            try {
                String method = current.getMethod();
                String uri = current.requestURI().toString();
                long contentLength = current.getContentLengthLong();
                String remoteAddr = current.remoteAddr().toString();
                if (this.request == current && this.startNanos == start) {
                    return new Snapshot(this.name, true, this.requests, method, uri, (nowNanos - start) / 1_000_000,
                            contentLength, remoteAddr, lastDurationMillis());
                }
            }
            catch (RuntimeException ex) {
                // the request was recycled under us: look again
            }
        }
        return new Snapshot(this.name, false, this.requests, null, null, -1, -1, null, lastDurationMillis());
    }

    private long lastDurationMillis() {
        long last = this.lastDurationNanos;
        return (last < 0) ? -1 : last / 1_000_000;
    }

    /**
     * A worker as a status page shows it.
     *
     * @param name thread name
     * @param busy serving a request
     * @param requests requests served
     * @param method method of the current request, or null
     * @param uri URI of the current request, or null
     * @param durationMs time spent on the current request so far, or -1
     * @param contentLength content length of the current request, or -1
     * @param remoteAddr client address of the current request, or null
     * @param lastDurationMs duration of the previous request, or -1
     */
    public record Snapshot(String name, boolean busy, long requests, String method, String uri, long durationMs,
            long contentLength, String remoteAddr, long lastDurationMs) {
    }

}
