package dev.fcgi.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.fcgi.demo.support.CgiFcgi;
import dev.fcgi.demo.support.CgiFcgiResult;
import dev.fcgi.demo.support.DocumentedCommand;
import dev.fcgi.demo.support.FreePorts;
import dev.fcgi.demo.support.FrontEndBinaries;
import dev.fcgi.demo.support.PackagedApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * systemd socket activation with {@code systemd-socket-activate} (Debian's systemd
 * package), which passes the listening socket on fd 3 as a {@code .socket} unit does:
 * deployment.md's line, which moves it to fd 0, serves the first request (the one that
 * started the JVM); without the move the JVM refuses to start and says what to add.
 */
class SystemdSocketActivationIT {

    private static final String DOCUMENTED = "systemd-socket-activate -l 127.0.0.1:9000";

    @TempDir
    Path work;

    @Test
    void firstRequestStartsTheJvmWhichServesOnTheSocketSystemdOpened() throws Exception {
        FrontEndBinaries.require("systemd-socket-activate", "systemd");
        int port = FreePorts.loopbackPort();
        DocumentedCommand documented = DocumentedCommand.find("docs/deployment.md", DOCUMENTED)
            .replace(":9000 ", ":" + port + " ")
            .withTestedJar();
        try (PackagedApp app = PackagedApp.start(documented.shellCommand(), this.work.resolve("app.log"))) {
            assertThat(FreePorts.awaitAccepting(port, Duration.ofSeconds(10), app.process()::isAlive))
                .as("systemd-socket-activate listens; log:%n%s", app.log())
                .isTrue();
            assertThat(app.startCount()).as("no JVM before the first connection").isZero();
            CgiFcgiResult first = CgiFcgi.tcp("127.0.0.1", port)
                .withTimeout(Duration.ofSeconds(120))
                .run(CgiFcgi.requestEnvironment("GET", "/hello"));
            assertThat(first.status()).as(first + app.log()).isEqualTo(200);
            assertThat(first.bodyText()).isEqualTo("hello");
            assertThat(app.log()).contains("FastCGI listening on inherited fd 0");
        }
    }

    @Test
    void socketLeftOnFd3IsRefusedSayingWhatToAdd() throws Exception {
        FrontEndBinaries.require("systemd-socket-activate", "systemd");
        int port = FreePorts.loopbackPort();
        DocumentedCommand withoutMove = DocumentedCommand.find("docs/deployment.md", DOCUMENTED)
            .replace(":9000 ", ":" + port + " ")
            .replace(" 0<&3'", "'")
            .withTestedJar();
        try (PackagedApp app = PackagedApp.start(withoutMove.shellCommand(), this.work.resolve("app.log"))) {
            assertThat(FreePorts.awaitAccepting(port, Duration.ofSeconds(10), app.process()::isAlive)).isTrue();
            CgiFcgiResult refused = CgiFcgi.tcp("127.0.0.1", port)
                .withTimeout(Duration.ofSeconds(120))
                .run(CgiFcgi.requestEnvironment("GET", "/hello"));
            assertThat(refused.stdoutText()).as("no answer: %s", refused).isEmpty();
            assertThat(app.process().waitFor(60, TimeUnit.SECONDS)).as("the JVM exits; log:%n%s", app.log()).isTrue();
            assertThat(app.process().exitValue()).isNotZero();
            assertThat(app.log()).contains("fcgi.inherit-channel is true and systemd passed 1 listening socket(s)")
                .contains("StandardInput=socket");
        }
    }

}
