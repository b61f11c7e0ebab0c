package dev.fcgi.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.fcgi.demo.support.CgiFcgi;
import dev.fcgi.demo.support.CgiFcgiResult;
import dev.fcgi.demo.support.FreePorts;
import dev.fcgi.demo.support.FrontEndBinaries;
import dev.fcgi.demo.support.PackagedApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spawn-fcgi -p PORT -n -- multiwatch -f 2 -- java -jar app.jar --fcgi.inherit-channel=true}: two JVMs
 * accept on the one socket spawn-fcgi opened, and both serve.
 */
class MultiwatchIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path work;

	@Test
	void twoJvmsServeOneInheritedSocket() throws Exception {
		int port = FreePorts.loopbackPort();
		List<String> command = new ArrayList<>(List.of(FrontEndBinaries.require("spawn-fcgi", "spawn-fcgi").toString(),
				"-a", "127.0.0.1", "-p", Integer.toString(port), "-n", "--",
				FrontEndBinaries.require("multiwatch", "multiwatch").toString(), "-f", "2", "--"));
		command.addAll(PackagedApp.javaCommand("--fcgi.inherit-channel=true", "--fcgi.mode=instead"));
		try (PackagedApp app = PackagedApp.start(command, this.work.resolve("app.log"))) {
			app.awaitStarted(2, Duration.ofSeconds(120));
			CgiFcgi client = CgiFcgi.tcp("127.0.0.1", port);
			Set<Long> pids = new HashSet<>();
			for (int i = 0; i < 60 && pids.size() < 2; i++) {
				CgiFcgiResult result = client.run(CgiFcgi.requestEnvironment("GET", "/request?q=" + i));
				assertThat(result.status()).as(result + app.log()).isEqualTo(200);
				pids.add(JSON.readTree(result.bodyText()).get("pid").asLong());
			}
			assertThat(pids).as("JVMs that answered").hasSize(2);
			assertThat(pids).allSatisfy((pid) -> assertThat(ProcessHandle.of(pid)).isPresent()
				.hasValueSatisfying((jvm) -> assertThat(jvm.parent().map(ProcessHandle::pid))
					.as("the JVM's parent is multiwatch").hasValue(app.process().pid())));
		}
	}

}
