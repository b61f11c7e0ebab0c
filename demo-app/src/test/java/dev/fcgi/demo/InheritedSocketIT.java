package dev.fcgi.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.fcgi.demo.support.CgiFcgi;
import dev.fcgi.demo.support.CgiFcgiResult;
import dev.fcgi.demo.support.DocumentedCommand;
import dev.fcgi.demo.support.FreePorts;
import dev.fcgi.demo.support.FrontEndBinaries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged demo spawned by spawn-fcgi on an inherited listening socket (fd 0), TCP
 * and Unix, with the README's spawn-fcgi lines as they are shown there.
 */
class InheritedSocketIT {

    @TempDir
    Path work;

    private Process spawned;

    @AfterEach
    void stop() throws InterruptedException {
        if (this.spawned != null) {
            this.spawned.destroy();
            if (!this.spawned.waitFor(20, TimeUnit.SECONDS)) {
                this.spawned.destroyForcibly();
            }
        }
    }

    @Test
    void servesOnAnInheritedTcpSocket() throws Exception {
        int port = FreePorts.loopbackPort();
        this.spawned = spawn(DocumentedCommand.find("README.md", "spawn-fcgi -a 127.0.0.1 -p 9000")
            .replace(" 9000 ", " " + port + " "));
        assertThat(FreePorts.awaitAccepting(port, Duration.ofSeconds(5), this.spawned::isAlive)).isTrue();
        CgiFcgiResult result = awaitHello(CgiFcgi.tcp("127.0.0.1", port));
        assertThat(result.bodyText()).as(log()).isEqualTo("hello");
        assertThat(log()).contains("FastCGI listening on inherited fd 0");
    }

    @Test
    void servesOnAnInheritedUnixSocketAndLeavesItsFileAlone() throws Exception {
        Path socket = this.work.resolve("app.sock");
        this.spawned = spawn(DocumentedCommand.find("README.md", "spawn-fcgi -s /run/app/app.sock")
            .replace("/run/app/app.sock", socket.toString()));
        CgiFcgiResult result = awaitHello(CgiFcgi.unixSocket(socket));
        assertThat(result.bodyText()).as(log()).isEqualTo("hello");
        PosixFileAttributes attributes = Files.readAttributes(socket, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        assertThat(attributes.owner().getName()).isEqualTo("www-data");
        assertThat(attributes.group().getName()).isEqualTo("www-data");
        assertThat(PosixFilePermissions.toString(attributes.permissions())).isEqualTo("rw-rw----");
        assertThat(log()).contains("FastCGI listening on inherited fd 0 (unix:" + socket);
        this.spawned.destroy();
        assertThat(this.spawned.waitFor(20, TimeUnit.SECONDS)).isTrue();
        // The socket belongs to spawn-fcgi's caller (and maybe sibling processes): the
        // JVM must not delete it.
        assertThat(socket).exists();
    }

    /** Runs one of the README's spawn-fcgi lines, with the tested jar and JVM. */
    private Process spawn(DocumentedCommand documented) throws IOException {
        FrontEndBinaries.require("spawn-fcgi", "spawn-fcgi");
        return new ProcessBuilder(documented.withTestedJar().shellCommand()).redirectErrorStream(true)
            .redirectOutput(this.work.resolve("app.log").toFile())
            .start();
    }

    private CgiFcgiResult awaitHello(CgiFcgi client) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        CgiFcgiResult result = null;
        while (System.nanoTime() < deadline && this.spawned.isAlive()) {
            if (log().contains("Started DemoApplication")) {
                result = client.run(CgiFcgi.requestEnvironment("GET", "/hello"));
                if (result.exitCode() == 0 && result.bodyText().equals("hello")) {
                    return result;
                }
            }
            Thread.sleep(200);
        }
        assertThat(this.spawned.isAlive()).as("spawned app alive; log:%n%s", log()).isTrue();
        return (result != null) ? result : client.run(CgiFcgi.requestEnvironment("GET", "/hello"));
    }

    private String log() {
        try {
            Path log = this.work.resolve("app.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        }
        catch (IOException ex) {
            return "(" + ex + ")";
        }
    }

}
