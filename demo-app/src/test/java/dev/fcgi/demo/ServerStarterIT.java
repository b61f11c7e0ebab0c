package dev.fcgi.demo;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.fcgi.demo.support.FreePorts;
import dev.fcgi.demo.support.FrontEnd;
import dev.fcgi.demo.support.FrontEndBinaries;
import dev.fcgi.demo.support.FrontEndServer;
import dev.fcgi.demo.support.PackagedApp;
import dev.fcgi.demo.support.WrkLoad;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hot reload with Server::Starter:
 * {@code start_server --port=127.0.0.1:PORT=0 --interval=N -- java -jar app.jar
 * --fcgi.inherit-channel=true --fcgi.mode=instead} owns the listening socket and hands it
 * to each generation on fd 0. Under a wrk load through nginx
 * ({@code frontends/nginx-server-starter.conf}), {@code kill -HUP} starts a new JVM;
 * start_server sends SIGTERM to the old one only after the new one has run for
 * {@code --interval} seconds. No request fails, and the new JVM answers afterwards.
 */
class ServerStarterIT {

    /**
     * Seconds start_server lets a new generation run before it stops the old one: more
     * than a JVM start.
     */
    static final int INTERVAL_SECONDS = 15;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path work;

    @Test
    void reloadUnderLoadLosesNoRequest() throws Exception {
        int port = FreePorts.loopbackPort();
        List<String> command = new ArrayList<>(
                List.of(FrontEndBinaries.require("start_server", "libserver-starter-perl").toString(),
                        "--port=127.0.0.1:" + port + "=0", "--interval=" + INTERVAL_SECONDS, "--"));
        command.addAll(PackagedApp.javaCommand("--fcgi.inherit-channel=true", "--fcgi.mode=instead"));
        long launched = System.nanoTime();
        try (PackagedApp starter = PackagedApp.start(command, this.work.resolve("start_server.log"));
                FrontEndServer nginx = FrontEndServer.start(FrontEnd.NGINX, "nginx-server-starter.conf",
                        Map.of("FCGI_PORT", Integer.toString(port)))) {
            starter.awaitStarted(1, Duration.ofSeconds(120));
            long oldPid = pid(nginx, starter);
            ProcessHandle old = ProcessHandle.of(oldPid).orElseThrow();
            long[] oldExited = new long[1];
            old.onExit().thenRun(() -> oldExited[0] = System.nanoTime());
            // start_server acts on a HUP only once the first generation's --interval is
            // over.
            Thread.sleep(
                    Math.max(0, launched + TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS) - System.nanoTime()) / 1_000_000);

            WrkLoad load = WrkLoad.start(nginx.uri("/slow?ms=20"), 8, Duration.ofSeconds(INTERVAL_SECONDS + 8));
            Thread.sleep(1500);
            long hup = System.nanoTime();
            kill("-HUP", starter.process().pid());
            starter.awaitStarted(2, Duration.ofSeconds(120));
            long newStarted = System.nanoTime();
            assertThat(old.onExit().completeOnTimeout(null, INTERVAL_SECONDS + 40, TimeUnit.SECONDS).join())
                .as("old generation exits; log:%n%s", starter.log())
                .isNotNull();
            WrkLoad.Result result = load.await();
            long newPid = pid(nginx, starter);
            System.out.printf(
                    "Server::Starter reload: new JVM started %d ms after HUP, old JVM gone %d ms after HUP;"
                            + " wrk: %d requests, %d failed%n%s%n",
                    (newStarted - hup) / 1_000_000, (oldExited[0] - hup) / 1_000_000, result.requests(),
                    result.failed(), result.output());

            assertThat(newPid).as("pid answering /request after the reload").isNotEqualTo(oldPid);
            assertThat(ProcessHandle.of(newPid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
                .as("the new JVM's parent is start_server")
                .hasValue(starter.process().pid());
            assertThat(result.requests()).isGreaterThan(100);
            assertThat(result.failed())
                .as("failed requests across the reload%n%s%s%s", result.output(), nginx.logs(), starter.log())
                .isZero();
        }
    }

    private static long pid(FrontEndServer nginx, PackagedApp starter) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(nginx.uri("/request")).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s%s", nginx.logs(), starter.log()).isEqualTo(200);
        return JSON.readTree(response.body()).get("pid").asLong();
    }

    private static void kill(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill %s %d", signal, pid).isTrue();
    }

}
