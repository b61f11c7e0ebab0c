package dev.fcgi.demo.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Checks {@link NginxServer} itself: against a tiny JDK HTTP server (so it works without
 * the FastCGI connector), against {@link StubFastCgiResponder} for the FastCGI
 * configuration, and with a broken configuration.
 */
class NginxServerTests {

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpServer upstream;

    @BeforeEach
    void startUpstream() throws IOException {
        this.upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.upstream.createContext("/", this::describeRequest);
        this.upstream.start();
    }

    @AfterEach
    void stopUpstream() {
        this.upstream.stop(0);
    }

    @Test
    void proxiesGetToHttpUpstream() throws Exception {
        try (NginxServer nginx = NginxServer.builder(httpUpstream()).start()) {
            HttpResponse<String> response = get(nginx.uri("/hello?x=1"), false);
            assertThat(response.statusCode()).as(nginx.errorLog()).isEqualTo(200);
            assertThat(response.body()).startsWith("upstream saw GET /hello?x=1 host 127.0.0.1:" + nginx.port());
            assertThat(response.headers().firstValue("Server"))
                .hasValueSatisfying((server) -> assertThat(server).startsWith("nginx"));
            assertThat(nginx.accessLogOnceItContains("\"GET /hello?x=1 HTTP/1.1\" 200"))
                .contains("\"GET /hello?x=1 HTTP/1.1\" 200");
        }
    }

    @Test
    void compressesTextWhenClientAcceptsGzip() throws Exception {
        try (NginxServer nginx = NginxServer.builder(httpUpstream()).start()) {
            HttpResponse<String> response = get(nginx.uri("/text"), true);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        }
    }

    @Test
    void stopKeepsLogsAndCloseRemovesThem() throws Exception {
        NginxServer nginx = NginxServer.builder(httpUpstream()).start();
        int port = nginx.port();
        Path directory = nginx.directory();
        get(nginx.uri("/before-stop"), false);
        nginx.stop();
        assertThat(nginx.isRunning()).isFalse();
        assertThat(FreePorts.accepts(port)).isFalse();
        assertThat(nginx.accessLog()).contains("/before-stop");
        nginx.close();
        assertThat(directory).doesNotExist();
    }

    @Test
    void passesFastCgiRequestsWithStockParamsAndServerDirectives() throws Exception {
        try (StubFastCgiResponder stub = StubFastCgiResponder.start();
                NginxServer nginx = NginxServer.builder(NginxUpstream.fastCgiTcp("127.0.0.1", stub.port()))
                    .requestBuffering(false)
                    .serverDirective("fastcgi_param HTTPS on;")
                    .start()) {
            HttpResponse<String> response = get(nginx.uri("/fcgi/path?q=1"), false);
            assertThat(response.statusCode()).as(nginx.errorLog()).isEqualTo(200);
            assertThat(response.body())
                .isEqualTo("stub REQUEST_METHOD=GET REQUEST_URI=/fcgi/path?q=1 HTTPS=on stdin=0\n");
            assertThat(stub.lastParams()).containsEntry("QUERY_STRING", "q=1")
                .containsEntry("SERVER_PORT", Integer.toString(nginx.port()))
                .containsKey("REMOTE_PORT");
            assertThat(nginx.configText()).contains("include /etc/nginx/fastcgi_params;", "keepalive 16;",
                    "fastcgi_keep_conn on;", "fastcgi_request_buffering off;", "client_max_body_size 0;",
                    "client_body_buffer_size 64k;", "gzip_types text/event-stream text/plain application/json;");
        }
    }

    @Test
    void startsInFrontOfUnixSocketAndReports502WhileNothingListens(@TempDir Path temp) throws Exception {
        Path socket = temp.resolve("app.sock");
        try (NginxServer nginx = NginxServer.builder(NginxUpstream.fastCgiUnixSocket(socket)).start()) {
            HttpResponse<String> response = get(nginx.uri("/hello"), false);
            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(nginx.errorLog()).contains("connect() to unix:" + socket + " failed");
        }
    }

    @Test
    void configurationErrorIsReportedWithErrorLogAndConfig() {
        NginxServer nginx = NginxServer.builder(httpUpstream()).serverDirective("no_such_directive on;").build();
        try {
            assertThatThrownBy(nginx::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nginx exited with status 1")
                .hasMessageContaining("unknown directive \"no_such_directive\"")
                .hasMessageContaining("--- " + nginx.directory().resolve("nginx.conf"))
                .hasMessageContaining("no_such_directive on;");
        }
        finally {
            nginx.close();
        }
    }

    @Test
    void missingNginxFailsWithInstallHint() {
        String previous = System.setProperty("nginx.binary", "/nonexistent/nginx");
        try {
            assertThatThrownBy(NginxServer.builder(httpUpstream())::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nginx is not installed")
                .hasMessageContaining("apt-get install --no-install-recommends nginx-light");
        }
        finally {
            if (previous == null) {
                System.clearProperty("nginx.binary");
            }
            else {
                System.setProperty("nginx.binary", previous);
            }
        }
    }

    private NginxUpstream httpUpstream() {
        return NginxUpstream.http("127.0.0.1", this.upstream.getAddress().getPort());
    }

    private HttpResponse<String> get(URI uri, boolean acceptGzip) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (acceptGzip) {
            request.header("Accept-Encoding", "gzip");
        }
        return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void describeRequest(HttpExchange exchange) throws IOException {
        String text = "upstream saw " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " host "
                + exchange.getRequestHeaders().getFirst("Host") + "\n"
                + "padding so gzip has something to do. ".repeat(20);
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

}
