package dev.fcgi.tomcat;

import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The first explicit flush of a response in {@link FlushMode#AUTO}, held back for a
 * moment to learn what it means.
 * <p>
 * A response's head must say whether the web server may buffer it
 * ({@code X-Accel-Buffering}), and it goes out with the first flush. Frameworks flush as
 * they finish a response (Thymeleaf at the end of a view, Catalina after an error page):
 * the end of the response follows at once, and it must be an ordinary, buffered response.
 * A handler that streams flushes and then writes again, or waits. So the flush is held:
 * if the response ends first, it was a closing flush; if the application writes again,
 * the response is streamed and the held bytes go out at once. Otherwise, every
 * {@value #CHECK_MILLIS} ms, the worker thread is looked at: still running (the rest of
 * the closing path, a cold class or a stack trace being logged) the flush stays held, up
 * to {@value #MAX_HOLD_MILLIS} ms; waiting (sleeping, blocked on a lock or a queue) it is
 * a stream, and the held bytes go out with {@code X-Accel-Buffering: no}.
 * <p>
 * The timer sends on its own thread while the worker is inside the application. Both
 * sides hold this object's lock for their part, so they never write at the same time: the
 * worker settles the hold before it touches the output again, and a timer check that
 * finds the hold settled does nothing.
 */
final class HeldFlush {

    /** How often the worker is looked at while a flush is held. */
    static final long CHECK_MILLIS = 25;

    /** The longest a flush is held while the worker keeps running. */
    static final long MAX_HOLD_MILLIS = 500;

    /** Sends what was flushed. */
    @FunctionalInterface
    interface Release {

        /**
         * Sends the head and the buffered bytes as a streamed response.
         * @throws IOException if the connection failed
         */
        void send() throws IOException;

    }

    private final Release release;

    /**
     * Whether a flush is held and not yet settled by the worker; only the worker sets it.
     */
    private volatile boolean held;

    // Guarded by this object's lock.
    private boolean sent;

    private IOException failure;

    private long generation;

    private long heldSince;

    private Thread worker;

    private ScheduledExecutorService timer;

    HeldFlush(Release release) {
        this.release = release;
    }

    /**
     * @return whether a flush is held and not yet settled
     */
    boolean isHeld() {
        return this.held;
    }

    /**
     * Holds a flush on the calling worker thread; a second one while the first is held
     * changes nothing.
     * @param timer where the checks are scheduled
     * @throws IOException if the timer refused the task and sending at once failed
     */
    synchronized void hold(ScheduledExecutorService timer) throws IOException {
        if (this.held) {
            return;
        }
        this.held = true;
        this.sent = false;
        this.failure = null;
        this.generation++;
        this.heldSince = System.nanoTime();
        this.worker = Thread.currentThread();
        this.timer = timer;
        if (!schedule(this.generation)) {
            // The connector is stopping: no timer, so the flush goes out now.
            this.held = false;
            this.release.send();
        }
    }

    private boolean schedule(long generation) {
        try {
            this.timer.schedule(() -> check(generation), CHECK_MILLIS, TimeUnit.MILLISECONDS);
            return true;
        }
        catch (RejectedExecutionException ex) {
            return false;
        }
    }

    private synchronized void check(long generation) {
        if (!this.held || this.sent || generation != this.generation) {
            return;
        }
        boolean running = this.worker.getState() == Thread.State.RUNNABLE;
        long heldMillis = (System.nanoTime() - this.heldSince) / 1_000_000;
        if (running && heldMillis < MAX_HOLD_MILLIS && schedule(generation)) {
            return;
        }
        this.sent = true;
        try {
            this.release.send();
        }
        catch (IOException ex) {
            this.failure = ex;
        }
    }

    /**
     * Ends the hold before the worker writes, flushes or ends the response.
     * @return true if the flush is still unsent (the timer will not send it), false if
     * there was none or the timer sent it
     * @throws IOException if the timer's send failed
     */
    synchronized boolean settle() throws IOException {
        if (!this.held) {
            return false;
        }
        this.held = false;
        this.worker = null;
        this.timer = null;
        if (!this.sent) {
            return true;
        }
        IOException ex = this.failure;
        this.failure = null;
        if (ex != null) {
            throw ex;
        }
        return false;
    }

    /**
     * Drops a held flush without sending it (the request is over), waiting for a send
     * already running.
     */
    void discard() {
        if (!this.held) {
            return;
        }
        synchronized (this) {
            this.held = false;
            this.worker = null;
            this.timer = null;
            this.failure = null;
        }
    }

}
