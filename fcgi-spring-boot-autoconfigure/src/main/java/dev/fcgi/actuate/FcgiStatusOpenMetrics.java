package dev.fcgi.actuate;

import org.jspecify.annotations.Nullable;

import org.springframework.util.MimeType;

/**
 * Writes the pool's figures in the OpenMetrics text format (as PHP-FPM's
 * {@code ?openmetrics}), for a scraper that reads the status page rather than the
 * application's Micrometer registry. Every sample carries the {@code listen} label;
 * workers are not listed. The figures written, with their names, types and help, are
 * those of {@link FcgiStatus} marked {@link OpenMetric}, in its order.
 */
final class FcgiStatusOpenMetrics {

    /** The OpenMetrics text format's content type. */
    static final MimeType CONTENT_TYPE = MimeType.valueOf("application/openmetrics-text;version=1.0.0;charset=utf-8");

    private FcgiStatusOpenMetrics() {
    }

    static String write(FcgiStatus status) {
        String labels = "{listen=\"" + escape(status.listen()) + "\",mode=\"" + escape(status.mode()) + "\"}";
        StringBuilder text = new StringBuilder(2048);
        for (StatusFigure figure : StatusFigure.STATUS) {
            OpenMetric metric = figure.metric();
            if (metric == null) {
                continue;
            }
            long value = sample(metric, figure.valueIn(status));
            switch (metric.type()) {
                case GAUGE -> gauge(text, labels, metric.name(), metric.help(), value);
                case COUNTER -> counter(text, labels, metric.name(), metric.help(), value);
            }
        }
        text.append("# EOF\n");
        return text.toString();
    }

    private static long sample(OpenMetric metric, @Nullable Object value) {
        if (!metric.oneWhen().isEmpty()) {
            return metric.oneWhen().equals(value) ? 1 : 0;
        }
        return ((Number) value).longValue();
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
