package dev.fcgi.tomcat;

/**
 * Marks the thread that serves a socket event itself, because every worker is busy and
 * the wait queue is full: the endpoint sets the mark around that event, and a processor
 * that finds it set answers the request at once with 503 and {@code FCGI_OVERLOADED}
 * instead of handing it to the application (the thread, a poller's, must not block). One
 * mark per connector, shared by its endpoint and processors.
 */
final class OverloadMark {

    private final ThreadLocal<Boolean> marked = new ThreadLocal<>();

    /** Marks the calling thread; {@link #clear()} must follow, in a {@code finally}. */
    void set() {
        this.marked.set(Boolean.TRUE);
    }

    /** Takes the mark off the calling thread. */
    void clear() {
        this.marked.remove();
    }

    /**
     * @return whether the calling thread serves an event that arrived while the pool and
     * its queue were full
     */
    boolean isSet() {
        return this.marked.get() != null;
    }

}
