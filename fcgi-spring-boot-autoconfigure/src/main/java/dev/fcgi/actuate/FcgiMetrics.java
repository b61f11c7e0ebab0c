package dev.fcgi.actuate;

import java.util.Arrays;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import dev.fcgi.tomcat.FcgiNioProtocol;
import dev.fcgi.tomcat.FcgiRequestListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * The FastCGI connector's Micrometer meters: the {@code fcgi.requests} timer, recorded as
 * each request ends, and gauges and counters read from the connector's statistics
 * whenever the registry is scraped ({@code
 * fcgi.connections.active}, {@code fcgi.workers.active}, {@code fcgi.workers.max},
 * {@code fcgi.queue}, {@code fcgi.requests.rejected}, {@code fcgi.request.body.spilled},
 * {@code fcgi.bytes.in}, {@code fcgi.bytes.out}, and {@code fcgi.requests.slow},
 * {@code fcgi.connections.accepted}).
 */
public class FcgiMetrics implements MeterBinder, FcgiRequestListener, SmartInitializingSingleton {

    private final Supplier<@Nullable FcgiNioProtocol> protocol;

    private volatile FcgiRequestTimers[] timers = new FcgiRequestTimers[0];

    /**
     * Creates the binder.
     * @param protocol the FastCGI connector's protocol, null until the web server has
     * created it
     */
    public FcgiMetrics(Supplier<@Nullable FcgiNioProtocol> protocol) {
        this.protocol = protocol;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "fcgi.connections.active", "FastCGI connections open now", (p) -> p.getActiveConnections());
        gauge(registry, "fcgi.workers.active", "FastCGI workers running a request",
                (p) -> p.getStatistics().activeWorkers());
        gauge(registry, "fcgi.workers.max", "FastCGI worker pool size", (p) -> p.getMaxThreads());
        gauge(registry, "fcgi.queue", "FastCGI requests waiting for a worker", (p) -> p.getQueuedRequests());
        counter(registry, "fcgi.requests.rejected", "FastCGI requests refused by the connector",
                (p) -> p.getStatistics().rejectedRequests());
        counter(registry, "fcgi.request.body.spilled", "FastCGI request bodies written to a temporary file",
                (p) -> p.getStatistics().spilledBodies());
        counter(registry, "fcgi.bytes.in", "FastCGI bytes received", (p) -> p.getStatistics().bytesIn());
        counter(registry, "fcgi.bytes.out", "FastCGI bytes sent", (p) -> p.getStatistics().bytesOut());
        counter(registry, "fcgi.requests.slow", "FastCGI requests slower than fcgi.slow-request-threshold",
                (p) -> p.getStatistics().slowRequests());
        counter(registry, "fcgi.connections.accepted", "FastCGI connections accepted",
                (p) -> p.getAcceptedConnections());
        synchronized (this) {
            FcgiRequestTimers[] more = Arrays.copyOf(this.timers, this.timers.length + 1);
            more[more.length - 1] = new FcgiRequestTimers(registry);
            this.timers = more;
        }
        listen();
    }

    @Override
    public void afterSingletonsInstantiated() {
        listen();
    }

    /** Attaches this binder to the connector's statistics, once the connector exists. */
    private void listen() {
        FcgiNioProtocol protocol = this.protocol.get();
        if (protocol != null) {
            protocol.getStatistics().setListener(this);
        }
    }

    @Override
    public void requestEnded(int status, long durationNanos) {
        for (FcgiRequestTimers timers : this.timers) {
            timers.record(status, durationNanos);
        }
    }

    private void gauge(MeterRegistry registry, String name, String description,
            ToDoubleFunction<FcgiNioProtocol> value) {
        Gauge.builder(name, this.protocol, (p) -> valueOf(p.get(), value, Double.NaN))
            .description(description)
            .strongReference(true)
            .register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description,
            ToDoubleFunction<FcgiNioProtocol> value) {
        FunctionCounter.builder(name, this.protocol, (p) -> valueOf(p.get(), value, 0.0))
            .description(description)
            .register(registry);
    }

    private static double valueOf(@Nullable FcgiNioProtocol protocol, ToDoubleFunction<FcgiNioProtocol> value,
            double absent) {
        return (protocol != null) ? value.applyAsDouble(protocol) : absent;
    }

}
