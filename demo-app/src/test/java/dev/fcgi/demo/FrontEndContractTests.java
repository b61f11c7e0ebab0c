package dev.fcgi.demo;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

import dev.fcgi.autoconfigure.LocalFcgiPort;
import dev.fcgi.demo.support.FcgiConnectors;
import dev.fcgi.demo.support.FrontEndServer;
import dev.fcgi.demo.support.LineArrivals;
import dev.fcgi.tomcat.FcgiNioProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every front end must get right in front of the app, run once per front end by its
 * subclass: a GET with a query, a 256 KiB POST echoed intact, a 404, the client's
 * address, server-sent events arriving one by one, and kept FastCGI connections where the
 * front end keeps them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "fcgi.port=0")
@TestInstance(Lifecycle.PER_CLASS)
abstract class FrontEndContractTests {

    /** Sequential requests sent to see whether FastCGI connections are kept. */
    static final int SEQUENTIAL_REQUESTS = 200;

    static final JsonMapper JSON = JsonMapper.builder().build();

    static final HttpClient HTTP = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();

    @Autowired
    ServletWebServerApplicationContext context;

    @LocalFcgiPort
    int fcgiPort;

    FrontEndServer server;

    /**
     * Starts the front end in front of the app's FastCGI port.
     * @param fcgiPort the app's FastCGI port on 127.0.0.1
     * @return the running front end
     */
    abstract FrontEndServer startFrontEnd(int fcgiPort);

    /**
     * The most FastCGI connections the front end may open for
     * {@value #SEQUENTIAL_REQUESTS} sequential requests: a few when it keeps connections,
     * one per request when it does not.
     * @return the upper bound
     */
    abstract long maxConnectionsForSequentialRequests();

    @BeforeAll
    void startServer() {
        this.server = startFrontEnd(this.fcgiPort);
    }

    @AfterAll
    void stopServer() {
        if (this.server != null) {
            this.server.close();
        }
    }

    @Test
    void getWithQueryReachesTheApp() throws Exception {
        String value = "café & crème";
        String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
        HttpResponse<String> response = send(HttpRequest.newBuilder(this.server.uri("/request?q=" + encoded + "&x=1")));
        assertThat(response.statusCode()).as(this.server.logs()).isEqualTo(200);
        JsonNode request = JSON.readTree(response.body());
        assertThat(request.get("method").asString()).isEqualTo("GET");
        assertThat(request.get("uri").asString()).isEqualTo("/request");
        assertThat(request.get("query").asString()).isEqualTo("q=" + encoded + "&x=1");
        assertThat(request.get("q").asString()).isEqualTo(value);
        assertThat(request.get("serverPort").asInt()).isEqualTo(this.server.port());
        assertThat(request.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void postOf256KibIsEchoedIntact() throws Exception {
        byte[] body = new byte[256 * 1024];
        new Random(256).nextBytes(body);
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(this.server.uri("/echo"))
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .timeout(Duration.ofSeconds(30))
            .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(this.server.logs()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(response.body()).hasSize(body.length).isEqualTo(body);
    }

    @Test
    void unknownPathIsNotFound() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(this.server.uri("/no/such/path")));
        assertThat(response.statusCode()).as(this.server.logs()).isEqualTo(404);
    }

    @Test
    void clientAddressAndPortAreTheHttpClients() throws Exception {
        // A plain socket, because HttpClient does not tell its local port.
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.server.port()), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("GET /request HTTP/1.1\r\nHost: 127.0.0.1:" + this.server.port() + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).as(this.server.logs()).startsWith("HTTP/1.1 200");
            JsonNode request = JSON.readTree(answer.substring(answer.indexOf('{'), answer.lastIndexOf('}') + 1));
            assertThat(request.get("remoteAddr").asString()).isEqualTo("127.0.0.1");
            assertThat(request.get("remotePort").asInt()).isEqualTo(socket.getLocalPort());
        }
    }

    @Test
    void serverSentEventsArriveOneByOne() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(this.server.uri("/sse")).timeout(Duration.ofSeconds(30)).build();
        long sent = System.nanoTime();
        HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).as(this.server.logs()).isEqualTo(200);
        LineArrivals arrivals = LineArrivals.read(response, sent);
        System.out.println("SSE /sse through " + this.server + ", arrival after request: " + arrivals);
        assertThat(arrivals.lines()).as(arrivals.toString())
            .containsExactly("data:tick 0", "data:tick 1", "data:tick 2");
        assertThat(arrivals.gaps()).as(arrivals.toString())
            .allSatisfy((gap) -> assertThat(gap).isGreaterThanOrEqualTo(600));
        assertThat(arrivals.millis().get(0)).as("first event before the second is sent: " + arrivals).isLessThan(600);
    }

    @Test
    void sequentialRequestsOpenTheExpectedNumberOfConnections() throws Exception {
        FcgiNioProtocol protocol = FcgiConnectors.protocol(this.context);
        HttpRequest hello = HttpRequest.newBuilder(this.server.uri("/hello")).timeout(Duration.ofSeconds(10)).build();
        long acceptedBefore = protocol.getAcceptedConnections();
        for (int i = 0; i < SEQUENTIAL_REQUESTS; i++) {
            HttpResponse<String> response = HTTP.send(hello, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("request %d: %s", i, this.server.logs()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("hello");
        }
        long opened = protocol.getAcceptedConnections() - acceptedBefore;
        System.out.println(SEQUENTIAL_REQUESTS + " sequential GET /hello through " + this.server + ": " + opened
                + " FastCGI connection(s) accepted");
        // Zero is fine: a front end that reuses connections may still hold some from the
        // tests before this one.
        assertThat(opened).as("FastCGI connections for %d requests", SEQUENTIAL_REQUESTS)
            .isBetween(0L, maxConnectionsForSequentialRequests());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

}
