package dev.fcgi.tomcat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.fcgi.protocol.RecordType;
import dev.fcgi.testsupport.BareFcgiServer;
import dev.fcgi.testsupport.BareFcgiTomcat;
import dev.fcgi.testsupport.FcgiTestClient;
import dev.fcgi.testsupport.FcgiTestClient.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In {@code fcgi.output.flush=auto} a flush with nothing sent yet is held (see
 * {@link HeldFlush}): a page that flushes as it ends stays an ordinary response, a
 * synchronous handler that flushes and then pauses streams, its first bytes leaving
 * during the pause.
 * <p>
 * One Tomcat without Spring serves the whole class, with the connector's default settings
 * ({@code fcgi.output.flush=auto} and the authorizer role off among them).
 */
class HeldFlushTests {

    private static final long PAUSE_MS = 1500;

    @RegisterExtension
    static final BareFcgiServer server = new BareFcgiServer(BareFcgiTomcat.builder());

    @Test
    void flushThatEndsTheResponseLeavesAnOrdinaryResponse() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            String head = client.exchange(FcgiTestClient.params("GET", "/flush-at-end"), new byte[0]).head();
            assertThat(head).startsWith("Status: 200").doesNotContain("X-Accel-Buffering");
        }
    }

    @Test
    void flushBeforeASleepGoesOutDuringTheSleep() throws Exception {
        List<Arrival> arrivals = stdoutArrivals("/flush-then-pause?pauseMs=" + PAUSE_MS);
        assertStreamed(arrivals);
    }

    @Test
    void flushBeforeBusyWorkGoesOutAfterAtMostTheLongestHold() throws Exception {
        List<Arrival> arrivals = stdoutArrivals("/flush-then-pause?busy=true&pauseMs=" + PAUSE_MS);
        assertStreamed(arrivals);
    }

    private static void assertStreamed(List<Arrival> arrivals) {
        assertThat(arrivals.get(0).text()).contains("X-Accel-Buffering: no");
        Arrival first = arrivalOf(arrivals, "first");
        Arrival second = arrivalOf(arrivals, "second");
        // The first line left long before the second was written: at least the pause less
        // the longest hold.
        assertThat(second.millis() - first.millis()).as(arrivals.toString())
            .isGreaterThanOrEqualTo(PAUSE_MS - HeldFlush.MAX_HOLD_MILLIS - 300);
    }

    private static Arrival arrivalOf(List<Arrival> arrivals, String text) {
        return arrivals.stream().filter((a) -> a.text().contains(text)).findFirst().orElseThrow();
    }

    private List<Arrival> stdoutArrivals(String uri) throws Exception {
        List<Arrival> arrivals = new ArrayList<>();
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            long start = System.nanoTime();
            client.sendRequest(1, true, FcgiTestClient.params("GET", uri), new byte[0]);
            while (true) {
                Record record = client.readRecord();
                if (record.type() == RecordType.END_REQUEST) {
                    return arrivals;
                }
                if (record.type() == RecordType.STDOUT && record.content().length > 0) {
                    arrivals.add(new Arrival((System.nanoTime() - start) / 1_000_000,
                            new String(record.content(), StandardCharsets.ISO_8859_1)));
                }
            }
        }
    }

    private record Arrival(long millis, String text) {
    }

}
