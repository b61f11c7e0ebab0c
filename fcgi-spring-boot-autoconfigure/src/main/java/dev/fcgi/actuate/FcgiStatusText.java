package dev.fcgi.actuate;

/**
 * Writes the status as plain text in the manner of PHP-FPM's {@code ?full} status page: one {@code name: value}
 * line per figure, then a block per worker. The names are the JSON ones.
 */
final class FcgiStatusText {

    private FcgiStatusText() {
    }

    static String write(FcgiStatus status) {
        StringBuilder text = new StringBuilder(1024 + 256 * status.workers().size());
        line(text, "listen", status.listen());
        line(text, "mode", status.mode());
        line(text, "state", status.state());
        line(text, "startTime", status.startTime());
        line(text, "startSince", status.startSince());
        line(text, "acceptedConnections", status.acceptedConnections());
        line(text, "activeConnections", status.activeConnections());
        line(text, "requests", status.requests());
        line(text, "queued", status.queued());
        line(text, "maxQueued", status.maxQueued());
        line(text, "idleWorkers", status.idleWorkers());
        line(text, "activeWorkers", status.activeWorkers());
        line(text, "totalWorkers", status.totalWorkers());
        line(text, "maxWorkers", status.maxWorkers());
        line(text, "maxActiveWorkers", status.maxActiveWorkers());
        line(text, "maxWorkersReached", status.maxWorkersReached());
        line(text, "slowRequests", status.slowRequests());
        line(text, "rejectedRequests", status.rejectedRequests());
        line(text, "spilledBodies", status.spilledBodies());
        line(text, "bytesIn", status.bytesIn());
        line(text, "bytesOut", status.bytesOut());
        for (FcgiStatus.Worker worker : status.workers()) {
            text.append("\n************************\n");
            line(text, "name", worker.name());
            line(text, "state", worker.state());
            line(text, "requests", worker.requests());
            line(text, "method", worker.method());
            line(text, "uri", worker.uri());
            line(text, "durationMs", worker.durationMs());
            line(text, "contentLength", worker.contentLength());
            line(text, "remoteAddr", worker.remoteAddr());
            line(text, "lastDurationMs", worker.lastDurationMs());
        }
        return text.toString();
    }

    private static void line(StringBuilder text, String name, Object value) {
        if (value == null) {
            return;
        }
        text.append(name).append(':');
        for (int pad = name.length(); pad < 20; pad++) {
            text.append(' ');
        }
        text.append(' ').append(value).append('\n');
    }

}
