package dev.fcgi.actuate;

import org.springframework.util.MimeType;

/**
 * Writes the pool's figures in the OpenMetrics text format (as PHP-FPM's {@code ?openmetrics}), for a scraper that
 * reads the status page rather than the application's Micrometer registry. Every sample carries the {@code listen}
 * label; workers are not listed.
 */
final class FcgiStatusOpenMetrics {

    /** The OpenMetrics text format's content type. */
    static final MimeType CONTENT_TYPE = MimeType.valueOf("application/openmetrics-text;version=1.0.0;charset=utf-8");

    private FcgiStatusOpenMetrics() {
    }

    static String write(FcgiStatus status) {
        String labels = "{listen=\"" + escape(status.listen()) + "\",mode=\"" + escape(status.mode()) + "\"}";
        StringBuilder text = new StringBuilder(2048);
        gauge(text, labels, "fcgi_up", "1 while the listener takes requests",
                "accepting".equals(status.state()) ? 1 : 0);
        gauge(text, labels, "fcgi_start_since_seconds", "seconds since the connector started", status.startSince());
        counter(text, labels, "fcgi_accepted_connections", "connections accepted", status.acceptedConnections());
        gauge(text, labels, "fcgi_active_connections", "connections open now", status.activeConnections());
        counter(text, labels, "fcgi_requests", "requests ended", status.requests());
        gauge(text, labels, "fcgi_queued", "requests waiting for a worker", status.queued());
        gauge(text, labels, "fcgi_max_queued", "the most requests that waited at once", status.maxQueued());
        gauge(text, labels, "fcgi_idle_workers", "workers not running a request", status.idleWorkers());
        gauge(text, labels, "fcgi_active_workers", "workers running a request", status.activeWorkers());
        gauge(text, labels, "fcgi_total_workers", "workers in the pool", status.totalWorkers());
        gauge(text, labels, "fcgi_max_workers", "the pool's size", status.maxWorkers());
        gauge(text, labels, "fcgi_max_active_workers", "the most workers busy at once", status.maxActiveWorkers());
        counter(text, labels, "fcgi_max_workers_reached", "times a request took the last free worker",
                status.maxWorkersReached());
        counter(text, labels, "fcgi_slow_requests", "requests slower than the threshold", status.slowRequests());
        counter(text, labels, "fcgi_rejected_requests", "requests refused by the connector",
                status.rejectedRequests());
        counter(text, labels, "fcgi_spilled_bodies", "request bodies written to a file", status.spilledBodies());
        counter(text, labels, "fcgi_received_bytes", "FastCGI bytes received", status.bytesIn());
        counter(text, labels, "fcgi_sent_bytes", "FastCGI bytes sent", status.bytesOut());
        text.append("# EOF\n");
        return text.toString();
    }

    private static void gauge(StringBuilder text, String labels, String name, String help, long value) {
        text.append("# TYPE ").append(name).append(" gauge\n");
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append(name).append(labels).append(' ').append(value).append('\n');
    }

    private static void counter(StringBuilder text, String labels, String name, String help, long value) {
        text.append("# TYPE ").append(name).append(" counter\n");
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append(name).append("_total").append(labels).append(' ').append(value).append('\n');
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

}
