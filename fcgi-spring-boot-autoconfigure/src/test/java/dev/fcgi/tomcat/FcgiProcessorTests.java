package dev.fcgi.tomcat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.fcgi.protocol.FcgiConstants;
import dev.fcgi.protocol.NameValueCursor;
import dev.fcgi.protocol.RecordType;
import dev.fcgi.testsupport.BareFcgiServer;
import dev.fcgi.testsupport.BareFcgiTomcat;
import dev.fcgi.testsupport.FcgiTestClient;
import dev.fcgi.testsupport.FcgiTestClient.Record;
import dev.fcgi.testsupport.FcgiTestClient.Response;
import dev.fcgi.testsupport.TestEndpointsServlet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connector spoken to in raw FastCGI records: management records, connection reuse,
 * one request at a time, roles, aborts, and record streams cut at every byte. One Tomcat
 * without Spring serves the whole class, with 17 workers, 300 connections at most and an
 * output buffer of 8 KiB.
 */
class FcgiProcessorTests {

    private static final byte[] NO_BODY = new byte[0];

    @RegisterExtension
    static final BareFcgiServer server = new BareFcgiServer(
            BareFcgiTomcat.builder().poolSize(17).maxConnections(300).outputBufferSize(8 * 1024));

    @Test
    void getValuesIsAnsweredFromTheConfiguration() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            byte[] query = FcgiTestClient.encodeParams(new java.util.LinkedHashMap<>(Map.of("FCGI_MAX_CONNS", "",
                    "FCGI_MAX_REQS", "", "FCGI_MPXS_CONNS", "", "FCGI_SOMETHING_ELSE", "")));
            client.send(FcgiTestClient.record(RecordType.GET_VALUES, 0, query));
            Record answer = client.readRecord();
            assertThat(answer.type()).isEqualTo(RecordType.GET_VALUES_RESULT);
            assertThat(answer.requestId()).isZero();
            Map<String, String> values = decode(answer.content());
            assertThat(values).containsExactlyInAnyOrderEntriesOf(
                    Map.of("FCGI_MAX_CONNS", "300", "FCGI_MAX_REQS", "17", "FCGI_MPXS_CONNS", "0"));
            // The connection goes on serving requests.
            assertThat(client.exchange(FcgiTestClient.params("GET", "/hello"), NO_BODY).bodyText()).isEqualTo("hello");
        }
    }

    @Test
    void unknownManagementTypeIsAnsweredWithUnknownType() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            client.send(FcgiTestClient.record(42, 0, new byte[] { 1, 2, 3 }));
            Record answer = client.readRecord();
            assertThat(answer.type()).isEqualTo(RecordType.UNKNOWN_TYPE);
            assertThat(answer.content()[0]).isEqualTo((byte) 42);
        }
    }

    @Test
    void keptConnectionServesManyRequests() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            for (int i = 0; i < 250; i++) {
                Response response = client.exchange(FcgiTestClient.params("GET", "/hello"), NO_BODY);
                assertThat(response.bodyText()).isEqualTo("hello");
                assertThat(response.protocolStatus()).isEqualTo(FcgiConstants.REQUEST_COMPLETE);
            }
        }
    }

    @Test
    void responsesArriveWholeWhateverSizeTheApplicationWritesIn() throws Exception {
        int length = 200_000;
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            for (int write : new int[] { 1, 100, 8191, 8192, 8193, 65535, 65536, length }) {
                Response response = client
                    .exchange(FcgiTestClient.params("GET", "/bytes?n=" + length + "&write=" + write), NO_BODY);
                assertThat(response.status()).isEqualTo(200);
                byte[] body = response.body();
                assertThat(body).hasSize(length);
                for (int i = 0; i < length; i++) {
                    if (body[i] != (byte) (i % 251)) {
                        throw new AssertionError("byte " + i + " of the body written in " + write + "-byte writes");
                    }
                }
                assertThat(response.records()).allSatisfy((record) -> {
                    assertThat(record.content().length).isLessThanOrEqualTo(FcgiConstants.MAX_CONTENT_LENGTH);
                    assertThat((record.content().length + record.padding()) % 8).isZero();
                });
            }
        }
    }

    @Test
    void aWriteLargerThanTheOutputBufferLeavesInRecordsOfUpTo65535BytesWithoutBeingCopied() throws Exception {
        // Catalina hands the connector pieces as large as the servlet response buffer
        // (256 KiB here). Copied into the output buffer (fcgi.output.buffer-size, 8 KiB
        // here) they would leave in records of its size; a piece that large or larger is
        // framed around Catalina's buffer instead, in records of the protocol's maximum.
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            Response response = client
                .exchange(FcgiTestClient.params("GET", "/bytes?n=200000&write=200000&buffer=262144"), NO_BODY);
            assertThat(response.body()).hasSize(200_000);
            assertThat(response.records()
                .stream()
                .filter((record) -> record.type() == RecordType.STDOUT)
                .mapToInt((record) -> record.content().length)).contains(65535, 65535, 65535);
        }
    }

    @Test
    void connectionIsClosedAfterTheRequestWithoutKeepConn() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            client.sendRequest(1, false, FcgiTestClient.params("GET", "/hello"), NO_BODY);
            assertThat(client.readResponse(1).bodyText()).isEqualTo("hello");
            assertThat(client.isClosedByPeer(5000)).isTrue();
        }
    }

    @Test
    void secondRequestOnABusyConnectionGetsCantMpxConn() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            first.write(FcgiTestClient.beginRequest(1, FcgiConstants.ROLE_RESPONDER, true));
            first.write(FcgiTestClient.stream(RecordType.PARAMS, 1,
                    FcgiTestClient.encodeParams(FcgiTestClient.params("GET", "/hello"))));
            client.send(first.toByteArray());
            client.send(FcgiTestClient.beginRequest(2, FcgiConstants.ROLE_RESPONDER, true));
            Record refused = client.readRecord();
            assertThat(refused.type()).isEqualTo(RecordType.END_REQUEST);
            assertThat(refused.requestId()).isEqualTo(2);
            assertThat(refused.content()[4]).isEqualTo((byte) FcgiConstants.CANT_MPX_CONN);
            client.send(FcgiTestClient.record(RecordType.PARAMS, 1, NO_BODY));
            client.send(FcgiTestClient.record(RecordType.STDIN, 1, NO_BODY));
            assertThat(client.readResponse(1).bodyText()).isEqualTo("hello");
        }
    }

    @Test
    void filterRoleGetsUnknownRole() throws Exception {
        // AUTHORIZER is answered too (AuthorizerRoleOffTests, AuthorizerRoleTests);
        // FILTER is not.
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            client.send(FcgiTestClient.beginRequest(1, FcgiConstants.ROLE_FILTER, true));
            Record refused = client.readRecord();
            assertThat(refused.type()).isEqualTo(RecordType.END_REQUEST);
            assertThat(refused.content()[4]).isEqualTo((byte) FcgiConstants.UNKNOWN_ROLE);
            assertThat(client.exchange(FcgiTestClient.params("GET", "/hello"), NO_BODY).bodyText()).isEqualTo("hello");
        }
    }

    @Test
    void abortBeforeDispatchIsAnsweredWithEndRequest() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            Map<String, String> params = FcgiTestClient.params("POST", "/count");
            params.put("CONTENT_LENGTH", "100");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write(FcgiTestClient.beginRequest(1, FcgiConstants.ROLE_RESPONDER, true));
            bytes.write(FcgiTestClient.stream(RecordType.PARAMS, 1, FcgiTestClient.encodeParams(params)));
            bytes.write(FcgiTestClient.record(RecordType.PARAMS, 1, NO_BODY));
            bytes.write(FcgiTestClient.record(RecordType.STDIN, 1, new byte[40]));
            bytes.write(FcgiTestClient.record(RecordType.ABORT_REQUEST, 1, NO_BODY));
            client.send(bytes.toByteArray());
            Response aborted = client.readResponse(1);
            assertThat(aborted.stdout()).isEmpty();
            assertThat(client.exchange(FcgiTestClient.params("GET", "/hello"), NO_BODY).bodyText()).isEqualTo("hello");
        }
    }

    @Test
    void abortWhileTheApplicationReadsIsAClientAbort() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            Map<String, String> params = FcgiTestClient.params("POST", "/count");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write(FcgiTestClient.beginRequest(1, FcgiConstants.ROLE_RESPONDER, true));
            bytes.write(FcgiTestClient.stream(RecordType.PARAMS, 1, FcgiTestClient.encodeParams(params)));
            bytes.write(FcgiTestClient.record(RecordType.PARAMS, 1, NO_BODY));
            bytes.write(FcgiTestClient.record(RecordType.STDIN, 1, new byte[4000]));
            client.send(bytes.toByteArray());
            Thread.sleep(300);
            client.send(FcgiTestClient.record(RecordType.ABORT_REQUEST, 1, NO_BODY));
            Response aborted = client.readResponse(1);
            // The application saw a client abort: nothing of its answer reaches the web
            // server.
            assertThat(aborted.stdout()).isEmpty();
            assertThat(client.exchange(FcgiTestClient.params("GET", "/hello"), NO_BODY).bodyText()).isEqualTo("hello");
        }
    }

    @Test
    void requestSplitAtEveryByteIsServed() throws Exception {
        Map<String, String> params = FcgiTestClient.params("POST", "/echo?x=1");
        byte[] body = "split body".getBytes(StandardCharsets.UTF_8);
        params.put("CONTENT_LENGTH", Integer.toString(body.length));
        params.put("CONTENT_TYPE", "text/plain");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(FcgiTestClient.beginRequest(1, FcgiConstants.ROLE_RESPONDER, true));
        bytes.write(FcgiTestClient.stream(RecordType.PARAMS, 1, FcgiTestClient.encodeParams(params)));
        bytes.write(FcgiTestClient.record(RecordType.PARAMS, 1, NO_BODY));
        bytes.write(FcgiTestClient.stream(RecordType.STDIN, 1, body));
        bytes.write(FcgiTestClient.record(RecordType.STDIN, 1, NO_BODY));
        byte[] whole = bytes.toByteArray();
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            client.socket().setTcpNoDelay(true);
            for (byte b : whole) {
                client.send(new byte[] { b });
                Thread.sleep(1);
            }
            assertThat(client.readResponse(1).bodyText()).isEqualTo("split body");
        }
    }

    @Test
    void requestIdsOtherThanOneAreServed() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            client.sendRequest(65535, true, FcgiTestClient.params("GET", "/hello"), NO_BODY);
            Response response = client.readResponse(65535);
            assertThat(response.bodyText()).isEqualTo("hello");
            assertThat(response.records()).allSatisfy((record) -> assertThat(record.requestId()).isEqualTo(65535));
        }
    }

    @Test
    void aHeldRequestDoesNotBlockOtherConnections() throws Exception {
        TestEndpointsServlet.gate = new CountDownLatch(1);
        try (FcgiTestClient held = FcgiTestClient.connect(server.port());
                FcgiTestClient other = FcgiTestClient.connect(server.port())) {
            held.sendRequest(1, true, FcgiTestClient.params("GET", "/wait"), NO_BODY);
            assertThat(other.exchange(FcgiTestClient.params("GET", "/hello"), NO_BODY).bodyText()).isEqualTo("hello");
            TestEndpointsServlet.gate.countDown();
            assertThat(held.readResponse(1).bodyText()).isEqualTo("released");
        }
    }

    private static Map<String, String> decode(byte[] content) throws Exception {
        Map<String, String> values = new java.util.HashMap<>();
        NameValueCursor cursor = new NameValueCursor().reset(content, 0, content.length);
        while (cursor.next()) {
            values.put(new String(content, cursor.nameOffset(), cursor.nameLength(), StandardCharsets.US_ASCII),
                    new String(content, cursor.valueOffset(), cursor.valueLength(), StandardCharsets.US_ASCII));
        }
        return values;
    }

}
