package dev.fcgi.demo;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.fcgi.demo.support.FrontEnd;
import dev.fcgi.demo.support.FrontEndServer;
import dev.fcgi.demo.support.FrontEndTemplate;
import dev.fcgi.demo.support.PackagedApp;
import dev.fcgi.demo.support.WrkLoad;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Apache httpd with mod_fcgid starting the packaged app itself
 * ({@code frontends/apache-fcgid.conf}): mod_fcgid opens a Unix socket, runs the
 * {@code FcgidWrapper} command with it on fd 0, and sends one request at a time to each
 * process. Measured here: the first request's wait (a JVM start), requests per second
 * through one JVM, and what an idle timeout does (the JVM is stopped, and the next
 * request waits for a new one).
 */
class ApacheFcgidIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /**
     * The first request waits for a JVM to start; the config's FcgidIOTimeout is 120 s.
     */
    private static final Duration FIRST_REQUEST_TIMEOUT = Duration.ofSeconds(150);

    private static Path jarDirectory;

    /**
     * mod_fcgid runs the app as Apache's user (nobody): it gets its own readable copy of
     * the jar.
     */
    @BeforeAll
    static void copyJar() throws IOException {
        jarDirectory = Files.createTempDirectory("fcgid-jar-");
        Files.setPosixFilePermissions(jarDirectory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = Files.copy(PackagedApp.JAR, jarDirectory.resolve("app.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    }

    @AfterAll
    static void deleteJar() throws IOException {
        Files.deleteIfExists(jarDirectory.resolve("app.jar"));
        Files.deleteIfExists(jarDirectory);
    }

    @Test
    void startsTheJvmOnTheFirstRequestAndServesThroughIt() throws Exception {
        try (FrontEndServer apache = FrontEndServer.start(FrontEnd.APACHE, FrontEndTemplate.load("apache-fcgid.conf"),
                values())) {
            long firstMillis = timed(() -> assertThat(send(apache, get(apache, "/hello")).body()).isEqualTo("hello"));
            long pid = JSON.readTree(send(apache, get(apache, "/request")).body()).get("pid").asLong();
            assertThat(ProcessHandle.of(pid).flatMap((jvm) -> jvm.info().user())).as("the JVM runs as Apache's user")
                .hasValue("nobody");

            HttpResponse<String> echo = send(apache,
                    HttpRequest.newBuilder(apache.uri("/echo"))
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("through mod_fcgid"))
                        .build());
            assertThat(echo.statusCode()).isEqualTo(200);
            assertThat(echo.body()).isEqualTo("through mod_fcgid");

            WrkLoad.Result two = WrkLoad.start(apache.uri("/hello"), 2, Duration.ofSeconds(3)).await();
            WrkLoad.Result eight = WrkLoad.start(apache.uri("/hello"), 8, Duration.ofSeconds(3)).await();
            System.out.printf(
                    "mod_fcgid, one JVM: first request %d ms; 2 connections: %d requests in 3 s, %d failed;"
                            + " 8 connections: %d requests in 3 s, %d failed%n%s%n%s%n",
                    firstMillis, two.requests(), two.failed(), eight.requests(), eight.failed(), two.output(),
                    eight.output());
            assertThat(two.failed()).as(two.output()).isZero();
            assertThat(eight.failed()).as(eight.output()).isZero();
            assertThat(two.requests()).isPositive();
            assertThat(JSON.readTree(send(apache, get(apache, "/request")).body()).get("pid").asLong())
                .as("still the one JVM")
                .isEqualTo(pid);
        }
    }

    @Test
    void idleTimeoutStopsTheJvmAndTheNextRequestWaitsForANewOne() throws Exception {
        FrontEndTemplate documented = FrontEndTemplate.load("apache-fcgid.conf");
        FrontEndTemplate idle = new FrontEndTemplate("apache-fcgid-idle.conf",
                documented.text()
                    .replace("FcgidMinProcessesPerClass 1", "FcgidMinProcessesPerClass 0")
                    .replace("FcgidIdleTimeout 0", "FcgidIdleTimeout 3"));
        assertThat(idle.text()).isNotEqualTo(documented.text()).contains("FcgidIdleTimeout 3");
        try (FrontEndServer apache = FrontEndServer.start(FrontEnd.APACHE, idle, values())) {
            long[] pids = new long[2];
            long firstMillis = timed(() -> pids[0] = pid(apache));
            long lastRequest = System.nanoTime();
            Optional<ProcessHandle> first = ProcessHandle.of(pids[0]);
            assertThat(first).isPresent();
            assertThat(first.get().onExit().completeOnTimeout(null, 60, TimeUnit.SECONDS).join())
                .as("mod_fcgid stops the idle JVM; %s", apache.logs())
                .isNotNull();
            long stoppedAfterMillis = (System.nanoTime() - lastRequest) / 1_000_000;
            long secondMillis = timed(() -> pids[1] = pid(apache));
            System.out.printf(
                    "mod_fcgid, FcgidIdleTimeout 3: first request %d ms; idle JVM gone %d ms after its"
                            + " last request; next request %d ms (a new JVM)%n",
                    firstMillis, stoppedAfterMillis, secondMillis);
            assertThat(pids[1]).as("a new JVM").isNotEqualTo(pids[0]);
        }
    }

    private static Map<String, String> values() {
        return Map.of("JAVA", PackagedApp.javaCommand().get(0), "JAR", jarDirectory.resolve("app.jar").toString());
    }

    private static long pid(FrontEndServer apache) throws Exception {
        HttpResponse<String> response = send(apache, get(apache, "/request"));
        assertThat(response.statusCode()).as(apache.logs()).isEqualTo(200);
        return JSON.readTree(response.body()).get("pid").asLong();
    }

    private static HttpRequest get(FrontEndServer apache, String path) {
        return HttpRequest.newBuilder(apache.uri(path)).timeout(FIRST_REQUEST_TIMEOUT).build();
    }

    private static HttpResponse<String> send(FrontEndServer apache, HttpRequest request) throws Exception {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s%n%s", request.method(), request.uri(), apache.logs())
            .isEqualTo(200);
        return response;
    }

    private static long timed(ThrowingRunnable action) throws Exception {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    @FunctionalInterface
    private interface ThrowingRunnable {

        void run() throws Exception;

    }

}
