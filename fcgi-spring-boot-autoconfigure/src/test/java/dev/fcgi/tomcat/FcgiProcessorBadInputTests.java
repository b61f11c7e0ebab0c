package dev.fcgi.tomcat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;

import dev.fcgi.protocol.FcgiConstants;
import dev.fcgi.protocol.RecordType;
import dev.fcgi.testsupport.BareFcgiServer;
import dev.fcgi.testsupport.BareFcgiTomcat;
import dev.fcgi.testsupport.FcgiTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile or broken input: each case ends in a closed connection or a proper answer,
 * leaves no worker busy, and the server answers the next request. One Tomcat without
 * Spring serves the whole class, with connection and keep-alive timeouts of 1 s.
 */
class FcgiProcessorBadInputTests {

    private static final byte[] NO_BODY = new byte[0];

    @RegisterExtension
    static final BareFcgiServer server = new BareFcgiServer(
            BareFcgiTomcat.builder().connectionTimeout(Duration.ofSeconds(1)).keepAliveTimeout(Duration.ofSeconds(1)));

    @AfterEach
    void serverStillAnswersAndNoWorkerIsLeftBusy() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            assertThat(client.exchange(FcgiTestClient.params("GET", "/hello"), NO_BODY).bodyText()).isEqualTo("hello");
        }
        FcgiConnectorStatistics statistics = server.protocol().getStatistics();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (statistics.activeWorkers() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(statistics.activeWorkers()).isZero();
    }

    @Test
    void wrongVersionByteClosesTheConnection() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            byte[] begin = FcgiTestClient.beginRequest(1, FcgiConstants.ROLE_RESPONDER, true);
            begin[0] = 2;
            client.send(begin);
            assertThat(client.isClosedByPeer(3000)).isTrue();
        }
    }

    @Test
    void unknownRecordTypesAndForeignRequestIdsAreIgnored() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            client.send(FcgiTestClient.record(99, 1, new byte[] { 1, 2, 3 }));
            client.send(FcgiTestClient.record(RecordType.STDIN, 7, new byte[] { 4, 5 }));
            client.send(FcgiTestClient.record(RecordType.PARAMS, 9, new byte[] { 0, 0 }));
            client.sendRequest(1, true, FcgiTestClient.params("GET", "/hello"), NO_BODY);
            assertThat(client.readResponse(1).bodyText()).isEqualTo("hello");
        }
    }

    @Test
    void nameValueLengthOfTwoGigabytesClosesWithoutAllocatingIt() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write(FcgiTestClient.beginRequest(1, FcgiConstants.ROLE_RESPONDER, true));
            byte[] hostile = { (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 'A', 'b' };
            bytes.write(FcgiTestClient.record(RecordType.PARAMS, 1, hostile));
            bytes.write(FcgiTestClient.record(RecordType.PARAMS, 1, NO_BODY));
            client.send(bytes.toByteArray());
            assertThat(client.isClosedByPeer(3000)).isTrue();
        }
    }

    @Test
    void streamTruncatedMidRecordIsDropped() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            byte[] params = FcgiTestClient.stream(RecordType.PARAMS, 1,
                    FcgiTestClient.encodeParams(FcgiTestClient.params("GET", "/hello")));
            client.send(FcgiTestClient.beginRequest(1, FcgiConstants.ROLE_RESPONDER, true));
            client.send(java.util.Arrays.copyOf(params, params.length / 2));
        }
    }

    @Test
    void slowlorisTrickleOfParamsIsCutAfterTheConnectionTimeout() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            byte[] params = FcgiTestClient.stream(RecordType.PARAMS, 1,
                    FcgiTestClient.encodeParams(FcgiTestClient.params("GET", "/hello")));
            client.send(FcgiTestClient.beginRequest(1, FcgiConstants.ROLE_RESPONDER, true));
            long start = System.nanoTime();
            boolean closed = false;
            // A byte every ~200 ms never trips the 1 s read timeout; only the deadline on
            // the whole head can.
            for (int i = 0; i < params.length && !closed && System.nanoTime() - start < 5_000_000_000L; i++) {
                try {
                    client.send(new byte[] { params[i] });
                    closed = client.isClosedByPeer(200);
                }
                catch (java.io.IOException ex) {
                    closed = true;
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(closed).as("closed while trickling, after %d ms", millis).isTrue();
            assertThat(millis).isBetween(800L, 3000L);
        }
    }

    @Test
    void idleKeptConnectionIsCutAfterTheKeepAliveTimeout() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            assertThat(client.exchange(FcgiTestClient.params("GET", "/hello"), NO_BODY).bodyText()).isEqualTo("hello");
            long start = System.nanoTime();
            assertThat(client.isClosedByPeer(5000)).isTrue();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).as("closed after %d ms", millis).isBetween(500L, 4000L);
        }
    }

    @Test
    void clientVanishingMidResponseFreesTheWorker() throws Exception {
        FcgiTestClient client = FcgiTestClient.connect(server.port());
        client.sendRequest(1, true, FcgiTestClient.params("GET", "/stream?chunks=200&delayMs=10"), NO_BODY);
        InputStream in = client.socket().getInputStream();
        assertThat(in.read(new byte[64])).isPositive();
        client.socket().setSoLinger(true, 0);
        client.close();
    }

    @Test
    void abortedSpillIsCoveredElsewhereButAbortOfAnUnknownIdIsIgnored() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            client.send(FcgiTestClient.record(RecordType.ABORT_REQUEST, 3, NO_BODY));
            Map<String, String> params = FcgiTestClient.params("GET", "/hello");
            client.sendRequest(1, true, params, NO_BODY);
            assertThat(client.readResponse(1).bodyText()).isEqualTo("hello");
        }
    }

}
