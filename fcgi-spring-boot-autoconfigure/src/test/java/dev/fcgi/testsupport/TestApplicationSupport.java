package dev.fcgi.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import dev.fcgi.autoconfigure.FcgiConnectorHolder;
import dev.fcgi.tomcat.FcgiNioProtocol;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starting the test application and asking it things over FastCGI and HTTP, for the tests
 * that need the whole Spring Boot application (actuator, graceful shutdown).
 */
public final class TestApplicationSupport {

    private static final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    private static final JsonMapper json = JsonMapper.builder().build();

    private TestApplicationSupport() {
    }

    /** Starts {@link TestApplication} with command-line style arguments. */
    public static ConfigurableApplicationContext run(String... args) {
        return new SpringApplication(TestApplication.class).run(args);
    }

    /** The FastCGI port the application bound ({@code local.fcgi.port}). */
    public static int fcgiPort(ConfigurableApplicationContext context) {
        return context.getEnvironment().getRequiredProperty("local.fcgi.port", Integer.class);
    }

    /** The HTTP port the application bound ({@code local.server.port}). */
    public static int httpPort(ConfigurableApplicationContext context) {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    /** The application's FastCGI protocol handler. */
    public static FcgiNioProtocol protocol(ConfigurableApplicationContext context) {
        return context.getBean(FcgiConnectorHolder.class).getProtocol().orElseThrow();
    }

    /** One GET over a fresh FastCGI connection. */
    public static FcgiTestClient.Response fcgiGet(int port, String uri) throws IOException {
        try (FcgiTestClient client = FcgiTestClient.connect(port)) {
            return client.exchange(FcgiTestClient.params("GET", uri), new byte[0]);
        }
    }

    /** One GET over HTTP. */
    public static HttpResponse<String> httpGet(int port, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Parses a JSON body. */
    public static JsonNode json(String text) {
        return json.readTree(text);
    }

    /**
     * Starts a request for {@code /wait} on a new connection and leaves it running (until
     * the gate opens).
     */
    public static FcgiTestClient holdWait(int port) throws IOException {
        FcgiTestClient client = FcgiTestClient.connect(port);
        Map<String, String> params = FcgiTestClient.params("GET", "/wait");
        client.sendRequest(1, true, params, new byte[0]);
        return client;
    }

    /** Polls a condition until it holds, failing after 10 s. */
    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

}
