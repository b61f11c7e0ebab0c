package dev.fcgi.demo;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import dev.fcgi.demo.support.CgiFcgi;
import dev.fcgi.demo.support.CgiFcgiResult;
import dev.fcgi.demo.support.FreePorts;
import dev.fcgi.demo.support.FrontEnd;
import dev.fcgi.demo.support.FrontEndServer;
import dev.fcgi.demo.support.HaproxyAdminSocket;
import dev.fcgi.demo.support.PackagedApp;
import dev.fcgi.demo.support.WrkLoad;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two packaged app instances behind one front end (nginx upstream, HAProxy with FastCGI
 * health checks, Apache mod_proxy_balancer): requests are spread over both, and one
 * instance stopped with SIGTERM under a wrk load finishes its in-flight request, exits,
 * and costs no request.
 */
@TestInstance(Lifecycle.PER_CLASS)
class ScaleOutIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path work;

    private final int[] ports = { FreePorts.loopbackPort(), FreePorts.loopbackPort() };

    private final PackagedApp[] instances = new PackagedApp[2];

    @BeforeAll
    void startInstances() {
        startInstance(0);
        startInstance(1);
        this.instances[0].awaitStarted(1, Duration.ofSeconds(90));
        this.instances[1].awaitStarted(1, Duration.ofSeconds(90));
    }

    @AfterAll
    void stopInstances() {
        for (PackagedApp instance : this.instances) {
            if (instance != null) {
                instance.close();
            }
        }
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({ "NGINX, nginx-upstream.conf", "HAPROXY, haproxy-balance.cfg", "APACHE, apache-balancer.conf" })
    void spreadsRequestsAndLosesNoneWhenOneInstanceStops(FrontEnd frontEnd, String template) throws Exception {
        if (!this.instances[1].process().isAlive()) {
            startInstance(1);
            this.instances[1].awaitStarted(1, Duration.ofSeconds(90));
        }
        try (FrontEndServer server = FrontEndServer.start(frontEnd, template, Map.of("FCGI_PORT_1",
                Integer.toString(this.ports[0]), "FCGI_PORT_2", Integer.toString(this.ports[1])))) {
            awaitBothServing(frontEnd, server);
            // A restarted instance may still be coming up in the front end's view
            // (HAProxy: rise 2): sample 20 requests until both JVMs answer within one
            // sample, for up to 15 s.
            Set<Long> pids = new HashSet<>();
            long spreadDeadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (pids.size() < 2 && System.nanoTime() < spreadDeadline) {
                pids.clear();
                for (int i = 0; i < 20; i++) {
                    HttpResponse<String> response = get(server, "/request");
                    assertThat(response.statusCode()).as(server.logs()).isEqualTo(200);
                    pids.add(JSON.readTree(response.body()).get("pid").asLong());
                }
            }
            assertThat(pids).as("JVMs that answered 20 requests").hasSize(2);

            WrkLoad load = WrkLoad.start(server.uri("/slow?ms=20"), 8, Duration.ofSeconds(6));
            Thread.sleep(1500);
            // A request in flight on the instance about to stop, sent to it directly: it
            // must still be answered.
            CgiFcgi direct = CgiFcgi.tcp("127.0.0.1", this.ports[1]);
            CompletableFuture<CgiFcgiResult> inFlight = CompletableFuture
                .supplyAsync(() -> direct.run(CgiFcgi.requestEnvironment("GET", "/slow?ms=1500")));
            awaitLongSlowRequest(direct);
            long stoppedPid = this.instances[1].process().pid();
            assertThat(this.instances[1].terminate(Duration.ofSeconds(30)))
                .as("instance exits after SIGTERM; log:%n%s", this.instances[1].log())
                .isTrue();
            WrkLoad.Result result = load.await();
            System.out.println(frontEnd + " (" + template + "), instance " + stoppedPid + " stopped under load: "
                    + result.requests() + " requests, " + result.failed() + " failed\n" + result.output());
            assertThat(inFlight.get().status()).as("in-flight request on the stopped instance").isEqualTo(200);
            assertThat(inFlight.get().bodyText()).isEqualTo("slow");
            assertThat(result.requests()).isGreaterThan(100);
            assertThat(result.failed()).as(result.output() + server.logs()).isZero();
        }
    }

    private void startInstance(int index) {
        this.instances[index] = PackagedApp.start(
                PackagedApp.javaCommand("--fcgi.mode=instead", "--fcgi.port=" + this.ports[index],
                        "--fcgi.shutdown.drain-delay=2s"),
                work.resolve("app" + index + "-" + System.nanoTime() + ".log"));
    }

    /**
     * Waits until the front end has sent requests to both instances. HAProxy counts a
     * server UP from its start, but a failed first health check takes it out: wait until
     * both servers have passed a check before sampling.
     */
    private void awaitBothServing(FrontEnd frontEnd, FrontEndServer server) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        if (frontEnd == FrontEnd.HAPROXY) {
            HaproxyAdminSocket admin = new HaproxyAdminSocket(server.directory().resolve("haproxy.sock"));
            Map<String, String> expected = Map.of("app1", "L7OK", "app2", "L7OK");
            while (!admin.lastCheck("app").equals(expected) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(admin.lastCheck("app")).as(admin.send("show stat") + server.logs()).isEqualTo(expected);
        }
        Set<Long> pids = new HashSet<>();
        while (pids.size() < 2 && System.nanoTime() < deadline) {
            HttpResponse<String> response = get(server, "/request");
            if (response.statusCode() == 200) {
                pids.add(JSON.readTree(response.body()).get("pid").asLong());
            }
            else {
                Thread.sleep(200);
            }
        }
    }

    /**
     * Waits until the instance's status page shows a /slow request running for 300 ms or
     * more: the direct request (the load's own /slow requests take 20 ms), so it is in
     * flight before the instance is told to stop.
     */
    private static void awaitLongSlowRequest(CgiFcgi instance) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            CgiFcgiResult status = instance.run(CgiFcgi.requestEnvironment("GET", "/actuator/fcgi"));
            for (var worker : JSON.readTree(status.bodyText()).get("workers")) {
                if ("/slow".equals(worker.path("uri").asString(null)) && worker.path("durationMs").asLong() >= 300) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the direct /slow?ms=1500 request never showed on the instance's status page");
    }

    private static HttpResponse<String> get(FrontEndServer server, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

}
