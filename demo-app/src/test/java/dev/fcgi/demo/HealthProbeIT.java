package dev.fcgi.demo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.fcgi.demo.support.FreePorts;
import dev.fcgi.demo.support.FrontEndBinaries;
import dev.fcgi.demo.support.PackagedApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The readiness probe command of docs/deployment.md ({@code cgi-fcgi} asking
 * {@code /actuator/health/readiness}), run by {@code sh} against the packaged app:
 * {@code Status: 200 OK} and exit 0 while it serves, {@code Status: 503} and exit 1 while
 * it drains on SIGTERM, no output and exit 1 once it is gone.
 */
class HealthProbeIT {

    /**
     * The first line of the readiness answer, as docs/deployment.md shows it, with the
     * port as {@code %d}.
     */
    static final String STATUS_LINE = "env -i REQUEST_METHOD=GET REQUEST_URI=/actuator/health/readiness"
            + " SERVER_NAME=localhost SERVER_PORT=80 cgi-fcgi -bind -connect 127.0.0.1:%d | head -1";

    /** The probe as docs/deployment.md shows it: exit 0 only for {@code Status: 200}. */
    static final String PROBE = STATUS_LINE + " | grep -q '^Status: 200'";

    @TempDir
    Path work;

    @Test
    void probeSaysReadyThenNotReady() throws Exception {
        FrontEndBinaries.require("cgi-fcgi", "libfcgi-bin");
        int port = FreePorts.loopbackPort();
        try (PackagedApp app = PackagedApp.start(
                PackagedApp.javaCommand("--fcgi.mode=instead", "--fcgi.port=" + port, "--fcgi.shutdown.drain-delay=4s"),
                this.work.resolve("app.log"))) {
            app.awaitStarted(1, Duration.ofSeconds(120));
            assertThat(probe(port)).as(app.log()).isEqualTo(new Probe(0, "Status: 200 OK"));

            app.process().destroy();
            Thread.sleep(1000);
            assertThat(app.process().isAlive()).as("still draining").isTrue();
            assertThat(probe(port)).as(app.log()).isEqualTo(new Probe(1, "Status: 503 Service Unavailable"));

            assertThat(app.process().waitFor(60, TimeUnit.SECONDS)).as(app.log()).isTrue();
            assertThat(probe(port)).as("probe once the app is gone").isEqualTo(new Probe(1, ""));
        }
    }

    private static Probe probe(int port) throws Exception {
        Process line = new ProcessBuilder(List.of("sh", "-c", STATUS_LINE.formatted(port))).start();
        String statusLine = new String(line.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(line.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Process probe = new ProcessBuilder(List.of("sh", "-c", PROBE.formatted(port))).start();
        assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Probe(probe.exitValue(), statusLine);
    }

    /**
     * What the probe said.
     *
     * @param exitCode the shell's exit code
     * @param statusLine the first line of the answer, as {@code head -1} printed it
     */
    record Probe(int exitCode, String statusLine) {
    }

}
