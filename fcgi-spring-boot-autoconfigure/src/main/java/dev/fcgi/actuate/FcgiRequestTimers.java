package dev.fcgi.actuate;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;

/**
 * The {@code fcgi.requests} timers of one registry, one per HTTP status (tags
 * {@code status} and {@code outcome}). Each is registered the first time its status is
 * seen and then kept in an array indexed by status, so recording a request builds no tags
 * or meter id.
 */
final class FcgiRequestTimers {

    static final String NAME = "fcgi.requests";

    private static final int STATUSES = 600;

    private final MeterRegistry registry;

    private final AtomicReferenceArray<Timer> byStatus = new AtomicReferenceArray<>(STATUSES);

    FcgiRequestTimers(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(int status, long durationNanos) {
        Timer timer = (status >= 0 && status < STATUSES) ? this.byStatus.get(status) : null;
        if (timer == null) {
            timer = register(status);
        }
        timer.record(durationNanos, TimeUnit.NANOSECONDS);
    }

    private Timer register(int status) {
        Outcome outcome = Outcome.forStatus(status);
        Timer timer = Timer.builder(NAME)
            .description("FastCGI requests, from BEGIN_REQUEST to END_REQUEST")
            .tag("status", Integer.toString(status))
            .tag("outcome", outcome.name())
            .register(this.registry);
        if (status >= 0 && status < STATUSES) {
            this.byStatus.set(status, timer);
        }
        return timer;
    }

}
