package dev.fcgi.demo;

import java.io.IOException;
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
import dev.fcgi.demo.support.NginxServer;
import dev.fcgi.demo.support.NginxUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's endpoints through a real nginx passing requests to the FastCGI connector
 * over TCP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "fcgi.port=0")
class NginxFastCgiTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();

    private static NginxServer nginx;

    private static int fcgiPort;

    @BeforeAll
    static void startNginx(@LocalFcgiPort int port) {
        fcgiPort = port;
        nginx = NginxServer.builder(NginxUpstream.fastCgiTcp("127.0.0.1", port)).start();
    }

    @AfterAll
    static void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    void queryParameterInUtf8IsDecoded() throws Exception {
        for (String value : new String[] { "café", "Привет мир", "日本語テキスト", "a&b=c+d é" }) {
            String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
            HttpResponse<String> response = send(HttpRequest.newBuilder(nginx.uri("/request?q=" + encoded)));
            assertThat(response.statusCode()).as(nginx.errorLog()).isEqualTo(200);
            JsonNode request = JSON.readTree(response.body());
            assertThat(request.get("q").asString()).as(response.body()).isEqualTo(value);
            assertThat(request.get("query").asString()).isEqualTo("q=" + encoded);
            assertThat(request.get("uri").asString()).isEqualTo("/request");
        }
    }

    @Test
    void requestSeenByAppDescribesTheHttpClient() throws Exception {
        HttpResponse<String> response = send(
                HttpRequest.newBuilder(nginx.uri("/request?a=1&a=2")).header("X-Custom-Thing", "custom value"));
        assertThat(response.statusCode()).as(nginx.errorLog()).isEqualTo(200);
        JsonNode request = JSON.readTree(response.body());
        assertThat(request.get("method").asString()).isEqualTo("GET");
        assertThat(request.get("remoteAddr").asString()).isEqualTo("127.0.0.1");
        assertThat(request.get("scheme").asString()).isEqualTo("http");
        assertThat(request.get("secure").asBoolean()).isFalse();
        assertThat(request.get("serverPort").asInt()).isEqualTo(nginx.port());
        assertThat(request.get("protocol").asString()).isEqualTo("HTTP/1.1");
        assertThat(request.get("headers").get("x-custom-thing").asString()).isEqualTo("custom value");
        // Debian's fastcgi_params (security update) sends HTTP_HOST as $host, without the
        // port.
        assertThat(request.get("headers").get("host").asString()).startsWith("127.0.0.1");
        assertThat(request.get("serverName").asString()).isEqualTo("127.0.0.1");
        assertThat(request.get("params").get("a").toString()).isEqualTo("[\"1\",\"2\"]");
        assertThat(request.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void remotePortIsTheHttpClientsPort() throws Exception {
        // A plain socket, because HttpClient does not tell its local port.
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), nginx.port()), 5000);
            socket.setSoTimeout(10_000);
            int clientPort = socket.getLocalPort();
            OutputStream out = socket.getOutputStream();
            out.write(("GET /request HTTP/1.0\r\nHost: 127.0.0.1:" + nginx.port() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).as(nginx.errorLog()).startsWith("HTTP/1.1 200");
            JsonNode request = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertThat(request.get("remoteAddr").asString()).isEqualTo("127.0.0.1");
            assertThat(request.get("remotePort").asInt()).as("remote port (FastCGI port %d)", fcgiPort)
                .isEqualTo(clientPort);
        }
    }

    @Test
    void httpsParamMakesRequestSecure() throws Exception {
        try (NginxServer https = NginxServer.builder(NginxUpstream.fastCgiTcp("127.0.0.1", fcgiPort))
            .serverDirective("fastcgi_param HTTPS on;")
            .start()) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(https.uri("/request?q=1")));
            assertThat(response.statusCode()).as(https.errorLog()).isEqualTo(200);
            JsonNode request = JSON.readTree(response.body());
            assertThat(request.get("scheme").asString()).isEqualTo("https");
            assertThat(request.get("secure").asBoolean()).isTrue();
            assertThat(request.get("remoteAddr").asString()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void megabyteBodyIsEchoedIntact() throws Exception {
        byte[] body = new byte[1024 * 1024];
        new Random(42).nextBytes(body);
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(nginx.uri("/echo"))
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(nginx.errorLog()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(response.body()).hasSize(body.length);
        assertThat(response.body()).isEqualTo(body);
    }

    @Test
    void multipartUploadReportsNameAndSize() throws Exception {
        byte[] file = new byte[300_000];
        new Random(7).nextBytes(file);
        String boundary = "----demo-boundary-" + System.nanoTime();
        OutputStreamBuffer multipart = new OutputStreamBuffer();
        multipart.ascii("--" + boundary + "\r\n");
        multipart.ascii("Content-Disposition: form-data; name=\"note\"\r\n\r\nnot the file\r\n");
        multipart.ascii("--" + boundary + "\r\n");
        multipart.ascii("Content-Disposition: form-data; name=\"file\"; filename=\"data.bin\"\r\n");
        multipart.ascii("Content-Type: application/octet-stream\r\n\r\n");
        multipart.write(file);
        multipart.ascii("\r\n--" + boundary + "--\r\n");
        HttpResponse<String> response = send(HttpRequest.newBuilder(nginx.uri("/upload"))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(multipart.toByteArray())));
        assertThat(response.statusCode()).as(response.body() + nginx.errorLog()).isEqualTo(200);
        JsonNode upload = JSON.readTree(response.body());
        assertThat(upload.get("name").asString()).isEqualTo("data.bin");
        assertThat(upload.get("size").asLong()).isEqualTo(file.length);
    }

    @Test
    void unknownPathIsNotFound() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(nginx.uri("/no/such/path")));
        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void failingHandlerGives500() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(nginx.uri("/fail")));
        assertThat(response.statusCode()).as(nginx.errorLog()).isEqualTo(500);
    }

    @Test
    void twoCookiesReachTheClient() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(nginx.uri("/cookies")));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("Set-Cookie")).containsExactly("first=1; Path=/",
                "second=2; Path=/; HttpOnly");
        assertThat(response.body()).isEqualTo("cookies set");
    }

    @Test
    void redirectKeepsStatusAndLocation() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(nginx.uri("/redirect")));
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location"))
            .hasValueSatisfying((location) -> assertThat(location).endsWith("/hello"));
    }

    @Test
    void headHasNoBody() throws Exception {
        HttpResponse<String> response = send(
                HttpRequest.newBuilder(nginx.uri("/hello")).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(response.statusCode()).as(nginx.errorLog()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("Content-Length")).hasValue("5");
        HttpResponse<String> get = send(HttpRequest.newBuilder(nginx.uri("/hello")));
        assertThat(get.body()).isEqualTo("hello");
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A byte buffer with a method for ASCII text. */
    private static final class OutputStreamBuffer extends java.io.ByteArrayOutputStream {

        void ascii(String text) {
            writeBytes(text.getBytes(StandardCharsets.US_ASCII));
        }

    }

}
