package dev.fcgi.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

import dev.fcgi.testsupport.FcgiTestClient;
import dev.fcgi.testsupport.TestApplication;
import dev.fcgi.tomcat.FcgiNioProtocol;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The connector as Boot sets it up: beside or instead of HTTP, switched off, published
 * port, refused combinations, and the management server staying HTTP.
 */
class FcgiAutoConfigurationTests {

    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    @Test
    void besideModeServesHttpAndFastCgiFromOneApplication() throws Exception {
        try (ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.port=0")) {
            int fcgiPort = fcgiPort(context);
            int httpPort = context.getEnvironment().getProperty("local.server.port", Integer.class);
            assertThat(fcgiPort).isPositive().isNotEqualTo(httpPort);
            assertThat(get(httpPort, "/hello").body()).isEqualTo("hello");
            assertThat(fcgiHello(fcgiPort)).isEqualTo("hello");
            assertThat(fcgiConnectors(context)).hasSize(1);
            assertThat(connectors(context)).hasSize(2);
        }
    }

    @Test
    void insteadModeHasOnlyAFastCgiListener() throws Exception {
        try (ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.port=0", "--fcgi.mode=instead",
                "--fcgi.pool.size=7", "--server.tomcat.threads.max=99")) {
            int fcgiPort = fcgiPort(context);
            assertThat(connectors(context)).hasSize(1);
            assertThat(context.getEnvironment().getProperty("local.server.port", Integer.class)).isEqualTo(fcgiPort);
            assertThat(fcgiHello(fcgiPort)).isEqualTo("hello");
            // fcgi.* wins over server.tomcat.* on the FastCGI connector
            assertThat(((FcgiNioProtocol) fcgiConnectors(context).get(0).getProtocolHandler()).getMaxThreads())
                .isEqualTo(7);
            assertThatThrownBy(() -> get(fcgiPort, "/hello")).isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void insteadModeKeepsTheManagementServerOnHttp() throws Exception {
        try (ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.port=0", "--fcgi.mode=instead",
                "--management.server.port=0", "--management.endpoints.web.exposure.include=health")) {
            Integer managementPort = context.getEnvironment().getProperty("local.management.port", Integer.class);
            assertThat(managementPort).isNotNull();
            HttpResponse<String> health = get(managementPort, "/actuator/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("UP");
            assertThat(fcgiHello(fcgiPort(context))).isEqualTo("hello");
        }
    }

    @Test
    void disabledStarterAddsNoConnector() throws Exception {
        try (ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.enabled=false")) {
            assertThat(fcgiConnectors(context)).isEmpty();
            assertThat(context.getEnvironment().containsProperty("local.fcgi.port")).isFalse();
        }
    }

    @Test
    void insteadModeWithServerSslIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> run("--server.port=0", "--fcgi.port=0", "--fcgi.mode=instead",
                "--server.ssl.enabled=true", "--server.ssl.key-store=classpath:missing.p12"))
            .hasStackTraceContaining("fcgi.mode=instead cannot be combined with server.ssl");
    }

    @Test
    void connectorSettingsFollowTheProperties() throws Exception {
        try (ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.port=0", "--fcgi.pool.size=12",
                "--fcgi.pool.min-spare=3", "--fcgi.max-connections=500", "--fcgi.accept-count=50",
                "--fcgi.connection-timeout=7s", "--fcgi.keep-alive-timeout=20s", "--fcgi.output.buffer-size=16KB",
                "--fcgi.output.flush=never", "--fcgi.request.spill-threshold=1KB", "--fcgi.request.large-body=spill",
                "--fcgi.request.max-body-size=-1", "--fcgi.request.max-params-size=4KB")) {
            FcgiNioProtocol protocol = (FcgiNioProtocol) fcgiConnectors(context).get(0).getProtocolHandler();
            assertThat(protocol.getMaxThreads()).isEqualTo(12);
            assertThat(protocol.getMinSpareThreads()).isEqualTo(3);
            assertThat(protocol.getMaxConnections()).isEqualTo(500);
            assertThat(protocol.getAcceptCount()).isEqualTo(50);
            assertThat(protocol.getConnectionTimeout()).isEqualTo(7000);
            assertThat(protocol.getKeepAliveTimeout()).isEqualTo(20000);
            assertThat(protocol.getOutputBufferSize()).isEqualTo(16 * 1024);
            assertThat(protocol.getFlushMode()).isEqualTo(dev.fcgi.tomcat.FlushMode.NEVER);
            assertThat(protocol.getSpillThreshold()).isEqualTo(1024);
            assertThat(protocol.getLargeBodyMode()).isEqualTo(dev.fcgi.tomcat.LargeBodyMode.SPILL);
            assertThat(protocol.getMaxBodySize()).isEqualTo(-1);
            assertThat(protocol.getMaxParamsSize()).isEqualTo(4096);
            assertThat(protocol.getAddress().isLoopbackAddress()).isTrue();
        }
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void virtualThreadsServeFastCgiRequestsWhenEnabled() throws Exception {
        try (ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.port=0",
                "--spring.threads.virtual.enabled=true")) {
            try (FcgiTestClient client = FcgiTestClient.connect(fcgiPort(context))) {
                for (int i = 0; i < 50; i++) {
                    assertThat(client.exchange(FcgiTestClient.params("GET", "/thread"), new byte[0]).bodyText())
                        .isEqualTo("virtual=true");
                }
            }
            // A virtual thread per request must not leave an entry per request on the
            // status page.
            FcgiNioProtocol protocol = (FcgiNioProtocol) fcgiConnectors(context).get(0).getProtocolHandler();
            assertThat(protocol.getStatistics().workers()).hasSizeLessThanOrEqualTo(2);
        }
    }

    private static ConfigurableApplicationContext run(String... args) {
        SpringApplication application = new SpringApplication(TestApplication.class);
        return application.run(args);
    }

    private static int fcgiPort(ConfigurableApplicationContext context) {
        Integer port = context.getEnvironment().getProperty("local.fcgi.port", Integer.class);
        assertThat(port).as("local.fcgi.port").isNotNull();
        return port;
    }

    private static java.util.List<Connector> connectors(ConfigurableApplicationContext context) {
        TomcatWebServer server = (TomcatWebServer) ((ServletWebServerApplicationContext) context).getWebServer();
        return Arrays.asList(server.getTomcat().getService().findConnectors());
    }

    private static java.util.List<Connector> fcgiConnectors(ConfigurableApplicationContext context) {
        return connectors(context).stream()
            .filter((connector) -> connector.getProtocolHandler() instanceof FcgiNioProtocol)
            .toList();
    }

    private static String fcgiHello(int port) throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(port)) {
            return client.exchange(FcgiTestClient.params("GET", "/hello"), new byte[0]).bodyText();
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build();
        return this.http.send(request, HttpResponse.BodyHandlers.ofString());
    }

}
