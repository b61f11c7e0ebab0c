package dev.fcgi.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.fcgi.demo.support.CgiFcgi;
import dev.fcgi.demo.support.CgiFcgiResult;
import dev.fcgi.demo.support.FreePorts;
import dev.fcgi.demo.support.FrontEndBinaries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged demo spawned by spawn-fcgi on an inherited listening socket (fd 0), TCP and Unix. */
class InheritedSocketIT {

	private static final Path JAR = Path.of("target", "demo-app.jar");

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
		this.spawned = spawn("-a", "127.0.0.1", "-p", Integer.toString(port));
		assertThat(FreePorts.awaitAccepting(port, Duration.ofSeconds(5), this.spawned::isAlive)).isTrue();
		CgiFcgiResult result = awaitHello(CgiFcgi.tcp("127.0.0.1", port));
		assertThat(result.bodyText()).as(log()).isEqualTo("hello");
		assertThat(log()).contains("FastCGI listening on inherited fd 0");
	}

	@Test
	void servesOnAnInheritedUnixSocketAndLeavesItsFileAlone() throws Exception {
		Path socket = this.work.resolve("app.sock");
		this.spawned = spawn("-s", socket.toString());
		CgiFcgiResult result = awaitHello(CgiFcgi.unixSocket(socket));
		assertThat(result.bodyText()).as(log()).isEqualTo("hello");
		assertThat(log()).contains("FastCGI listening on inherited fd 0 (unix:" + socket);
		this.spawned.destroy();
		assertThat(this.spawned.waitFor(20, TimeUnit.SECONDS)).isTrue();
		// The socket belongs to spawn-fcgi's caller (and maybe sibling processes): the JVM must not delete it.
		assertThat(socket).exists();
	}

	private Process spawn(String... listen) throws IOException {
		Path spawnFcgi = FrontEndBinaries.require("spawn-fcgi", "spawn-fcgi");
		assertThat(JAR).as("packaged demo jar (run mvn verify)").isRegularFile();
		String java = ProcessHandle.current().info().command()
			.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		List<String> command = new ArrayList<>(List.of(spawnFcgi.toString(), "-n"));
		command.addAll(List.of(listen));
		command.addAll(List.of("--", java, "-Xmx128m", "-jar", JAR.toAbsolutePath().toString(),
				"--fcgi.inherit-channel=true", "--fcgi.mode=instead"));
		return new ProcessBuilder(command).redirectErrorStream(true)
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
