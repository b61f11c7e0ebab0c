package dev.fcgi.actuate;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status in its three formats, byte for byte: JSON (the record as Jackson writes it),
 * PHP-FPM-style text and OpenMetrics. Every figure appears in each, in the same order; a
 * change to any output shows here.
 */
class FcgiStatusFormatsTests {

    private static final FcgiStatus STATUS = new FcgiStatus("unix:/run/a \"b\".sock", "instead", "draining",
            "2026-01-02T03:04:05Z", 42, 7, 3, 100, 2, 5, 4, 2, 6, 8, 7, 9, 1, 11, 12, 13000, 14000,
            List.of(new FcgiStatus.Worker("fcgi-exec-1", "busy", 17, "POST", "/upload?x=1", 250L, 1024L, "10.0.0.5",
                    31L), new FcgiStatus.Worker("fcgi-exec-2", "idle", 3, null, null, null, null, null, null)));

    @Test
    void json() {
        assertThat(JsonMapper.builder().build().writeValueAsString(STATUS))
            .isEqualTo("{\"listen\":\"unix:/run/a \\\"b\\\".sock\",\"mode\":\"instead\",\"state\":\"draining\","
                    + "\"startTime\":\"2026-01-02T03:04:05Z\",\"startSince\":42,\"acceptedConnections\":7,"
                    + "\"activeConnections\":3,\"requests\":100,\"queued\":2,\"maxQueued\":5,\"idleWorkers\":4,"
                    + "\"activeWorkers\":2,\"totalWorkers\":6,\"maxWorkers\":8,\"maxActiveWorkers\":7,"
                    + "\"maxWorkersReached\":9,\"slowRequests\":1,\"rejectedRequests\":11,\"spilledBodies\":12,"
                    + "\"bytesIn\":13000,\"bytesOut\":14000,\"workers\":[{\"name\":\"fcgi-exec-1\","
                    + "\"state\":\"busy\",\"requests\":17,\"method\":\"POST\",\"uri\":\"/upload?x=1\","
                    + "\"durationMs\":250,\"contentLength\":1024,\"remoteAddr\":\"10.0.0.5\","
                    + "\"lastDurationMs\":31},{\"name\":\"fcgi-exec-2\",\"state\":\"idle\",\"requests\":3,"
                    + "\"method\":null,\"uri\":null,\"durationMs\":null,\"contentLength\":null,\"remoteAddr\":null,"
                    + "\"lastDurationMs\":null}]}");
    }

    @Test
    void text() {
        assertThat(FcgiStatusText.write(STATUS)).isEqualTo("""
                listen:               unix:/run/a "b".sock
                mode:                 instead
                state:                draining
                startTime:            2026-01-02T03:04:05Z
                startSince:           42
                acceptedConnections:  7
                activeConnections:    3
                requests:             100
                queued:               2
                maxQueued:            5
                idleWorkers:          4
                activeWorkers:        2
                totalWorkers:         6
                maxWorkers:           8
                maxActiveWorkers:     7
                maxWorkersReached:    9
                slowRequests:         1
                rejectedRequests:     11
                spilledBodies:        12
                bytesIn:              13000
                bytesOut:             14000

                ************************
                name:                 fcgi-exec-1
                state:                busy
                requests:             17
                method:               POST
                uri:                  /upload?x=1
                durationMs:           250
                contentLength:        1024
                remoteAddr:           10.0.0.5
                lastDurationMs:       31

                ************************
                name:                 fcgi-exec-2
                state:                idle
                requests:             3
                """);
    }

    @Test
    void openMetrics() {
        assertThat(FcgiStatusOpenMetrics.write(STATUS)).isEqualTo("""
                # TYPE fcgi_up gauge
                # HELP fcgi_up 1 while the listener takes requests
                fcgi_up{listen="unix:/run/a \\"b\\".sock",mode="instead"} 0
                # TYPE fcgi_start_since_seconds gauge
                # HELP fcgi_start_since_seconds seconds since the connector started
                fcgi_start_since_seconds{listen="unix:/run/a \\"b\\".sock",mode="instead"} 42
                # TYPE fcgi_accepted_connections counter
                # HELP fcgi_accepted_connections connections accepted
                fcgi_accepted_connections_total{listen="unix:/run/a \\"b\\".sock",mode="instead"} 7
                # TYPE fcgi_active_connections gauge
                # HELP fcgi_active_connections connections open now
                fcgi_active_connections{listen="unix:/run/a \\"b\\".sock",mode="instead"} 3
                # TYPE fcgi_requests counter
                # HELP fcgi_requests requests ended
                fcgi_requests_total{listen="unix:/run/a \\"b\\".sock",mode="instead"} 100
                # TYPE fcgi_queued gauge
                # HELP fcgi_queued requests waiting for a worker
                fcgi_queued{listen="unix:/run/a \\"b\\".sock",mode="instead"} 2
                # TYPE fcgi_max_queued gauge
                # HELP fcgi_max_queued the most requests that waited at once
                fcgi_max_queued{listen="unix:/run/a \\"b\\".sock",mode="instead"} 5
                # TYPE fcgi_idle_workers gauge
                # HELP fcgi_idle_workers workers not running a request
                fcgi_idle_workers{listen="unix:/run/a \\"b\\".sock",mode="instead"} 4
                # TYPE fcgi_active_workers gauge
                # HELP fcgi_active_workers workers running a request
                fcgi_active_workers{listen="unix:/run/a \\"b\\".sock",mode="instead"} 2
                # TYPE fcgi_total_workers gauge
                # HELP fcgi_total_workers workers in the pool
                fcgi_total_workers{listen="unix:/run/a \\"b\\".sock",mode="instead"} 6
                # TYPE fcgi_max_workers gauge
                # HELP fcgi_max_workers the pool's size
                fcgi_max_workers{listen="unix:/run/a \\"b\\".sock",mode="instead"} 8
                # TYPE fcgi_max_active_workers gauge
                # HELP fcgi_max_active_workers the most workers busy at once
                fcgi_max_active_workers{listen="unix:/run/a \\"b\\".sock",mode="instead"} 7
                # TYPE fcgi_max_workers_reached counter
                # HELP fcgi_max_workers_reached times a request took the last free worker
                fcgi_max_workers_reached_total{listen="unix:/run/a \\"b\\".sock",mode="instead"} 9
                # TYPE fcgi_slow_requests counter
                # HELP fcgi_slow_requests requests slower than the threshold
                fcgi_slow_requests_total{listen="unix:/run/a \\"b\\".sock",mode="instead"} 1
                # TYPE fcgi_rejected_requests counter
                # HELP fcgi_rejected_requests requests refused by the connector
                fcgi_rejected_requests_total{listen="unix:/run/a \\"b\\".sock",mode="instead"} 11
                # TYPE fcgi_spilled_bodies counter
                # HELP fcgi_spilled_bodies request bodies written to a file
                fcgi_spilled_bodies_total{listen="unix:/run/a \\"b\\".sock",mode="instead"} 12
                # TYPE fcgi_received_bytes counter
                # HELP fcgi_received_bytes FastCGI bytes received
                fcgi_received_bytes_total{listen="unix:/run/a \\"b\\".sock",mode="instead"} 13000
                # TYPE fcgi_sent_bytes counter
                # HELP fcgi_sent_bytes FastCGI bytes sent
                fcgi_sent_bytes_total{listen="unix:/run/a \\"b\\".sock",mode="instead"} 14000
                # EOF
                """);
    }

    @Test
    void openMetricsUpIsOneWhileAccepting() {
        FcgiStatus accepting = new FcgiStatus("127.0.0.1:9000", "beside", "accepting", "2026-01-02T03:04:05Z", 0, 0, 0,
                0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, List.of());
        assertThat(FcgiStatusOpenMetrics.write(accepting))
            .startsWith("# TYPE fcgi_up gauge\n# HELP fcgi_up 1 while the listener takes requests\n"
                    + "fcgi_up{listen=\"127.0.0.1:9000\",mode=\"beside\"} 1\n");
    }

}
