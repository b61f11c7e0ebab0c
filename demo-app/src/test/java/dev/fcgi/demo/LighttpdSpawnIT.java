package dev.fcgi.demo;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import dev.fcgi.demo.support.FrontEnd;
import dev.fcgi.demo.support.FrontEndServer;
import dev.fcgi.demo.support.PackagedApp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * lighttpd starting the packaged app itself from {@code fastcgi.server}'s
 * {@code "bin-path"} ({@code frontends/lighttpd-spawn.conf}): the JVM gets lighttpd's
 * Unix socket on fd 0 and serves a GET and POSTs through it, and logs to the file
 * {@code logging.file.name} names (its console is lighttpd's, /dev/null).
 */
class LighttpdSpawnIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void lighttpdStartsTheAppAndItServes() throws Exception {
        try (FrontEndServer lighttpd = FrontEndServer.start(FrontEnd.LIGHTTPD, "lighttpd-spawn.conf",
                Map.of("JAVA", PackagedApp.javaCommand().get(0), "JAR", PackagedApp.JAR.toAbsolutePath().toString()))) {
            // lighttpd's socket accepts at once; the first request waits in its backlog
            // until the JVM has started.
            HttpResponse<String> hello = HTTP.send(
                    HttpRequest.newBuilder(lighttpd.uri("/hello")).timeout(Duration.ofSeconds(120)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(hello.statusCode()).as(lighttpd.logs()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("hello");

            HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(lighttpd.uri("/request?q=1"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=caf%C3%A9&n=2"))
                .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(form.statusCode()).as(lighttpd.logs()).isEqualTo(200);
            JsonNode request = JsonMapper.builder().build().readTree(form.body());
            assertThat(request.get("method").asString()).isEqualTo("POST");
            assertThat(request.get("params").get("name").asString()).isEqualTo("café");
            assertThat(request.get("params").get("n").asString()).isEqualTo("2");
            long pid = request.get("pid").asLong();
            assertThat(
                    ProcessHandle.of(pid).flatMap(ProcessHandle::parent).flatMap((parent) -> parent.info().command()))
                .as("the JVM's parent")
                .hasValueSatisfying((command) -> assertThat(command).endsWith("lighttpd"));

            byte[] body = new byte[300_000];
            new Random(6).nextBytes(body);
            HttpResponse<String> count = HTTP.send(HttpRequest.newBuilder(lighttpd.uri("/count"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(count.statusCode()).as(lighttpd.logs()).isEqualTo(200);
            assertThat(count.body()).isEqualTo("300000");

            assertThat(Files.readString(lighttpd.directory().resolve("app.log"))).as("the app's log file")
                .contains(PackagedApp.STARTED);
        }
    }

}
