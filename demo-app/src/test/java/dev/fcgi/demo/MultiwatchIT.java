package dev.fcgi.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.fcgi.demo.support.CgiFcgi;
import dev.fcgi.demo.support.CgiFcgiResult;
import dev.fcgi.demo.support.DocumentedCommand;
import dev.fcgi.demo.support.FreePorts;
import dev.fcgi.demo.support.FrontEndBinaries;
import dev.fcgi.demo.support.PackagedApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deployment.md's
 * {@code spawn-fcgi -p PORT -n -- /usr/bin/multiwatch -f 2 -- /usr/bin/java -jar app.jar
 * --fcgi.inherit-channel=true}, run as shown: two JVMs accept on the one socket
 * spawn-fcgi opened, and both serve; stopping multiwatch (which sends its children
 * SIGUSR1) lets a request in flight finish.
 */
class MultiwatchIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path work;

    @Test
    void twoJvmsServeOneInheritedSocketAndFinishTheirRequestsWhenMultiwatchStops() throws Exception {
        FrontEndBinaries.require("spawn-fcgi", "spawn-fcgi");
        FrontEndBinaries.require("multiwatch", "multiwatch");
        int port = FreePorts.loopbackPort();
        DocumentedCommand documented = DocumentedCommand.find("docs/deployment.md", "spawn-fcgi -a 127.0.0.1 -p 9000")
            .replace(" 9000 ", " " + port + " ")
            .withTestedJar();
        try (PackagedApp app = PackagedApp.start(documented.shellCommand(), this.work.resolve("app.log"))) {
            app.awaitStarted(2, Duration.ofSeconds(120));
            CgiFcgi client = CgiFcgi.tcp("127.0.0.1", port);
            Set<Long> pids = new HashSet<>();
            for (int i = 0; i < 60 && pids.size() < 2; i++) {
                CgiFcgiResult result = client.run(CgiFcgi.requestEnvironment("GET", "/request?q=" + i));
                assertThat(result.status()).as(result + app.log()).isEqualTo(200);
                pids.add(JSON.readTree(result.bodyText()).get("pid").asLong());
            }
            assertThat(pids).as("JVMs that answered").hasSize(2);
            assertThat(pids)
                .allSatisfy((pid) -> assertThat(ProcessHandle.of(pid)).isPresent()
                    .hasValueSatisfying((jvm) -> assertThat(jvm.parent().map(ProcessHandle::pid))
                        .as("the JVM's parent is multiwatch")
                        .hasValue(app.process().pid())));

            CompletableFuture<CgiFcgiResult> slow = CompletableFuture
                .supplyAsync(() -> client.run(CgiFcgi.requestEnvironment("GET", "/slow?ms=3000")));
            awaitRunning(client, "/slow");
            app.process().destroy();
            CgiFcgiResult answered = slow.get(30, TimeUnit.SECONDS);
            assertThat(answered.status()).as(answered + app.log()).isEqualTo(200);
            assertThat(answered.bodyText()).isEqualTo("slow");
            assertThat(app.process().waitFor(30, TimeUnit.SECONDS)).as("multiwatch exits; log:%n%s", app.log())
                .isTrue();
            assertThat(pids).allSatisfy(
                    (pid) -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("JVM %d gone", pid)
                        .isEmpty());
            assertThat(app.log()).contains("SIGUSR1 received: stopping gracefully");
        }
    }

    /**
     * Asks the pool's status pages until one JVM shows a worker busy with {@code uri}.
     */
    private static void awaitRunning(CgiFcgi client, String uri) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            CgiFcgiResult status = client.run(CgiFcgi.requestEnvironment("GET", "/actuator/fcgi"));
            if (status.status() == 200) {
                for (JsonNode worker : JSON.readTree(status.bodyText()).path("workers")) {
                    if (worker.path("uri").asString("").startsWith(uri)) {
                        return;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no JVM shows " + uri + " running");
    }

}
