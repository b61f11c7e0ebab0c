package dev.fcgi.demo;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.fcgi.autoconfigure.LocalFcgiPort;
import dev.fcgi.demo.support.FcgiConnectors;
import dev.fcgi.demo.support.FrontEnd;
import dev.fcgi.demo.support.FrontEndServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * lighttpd with {@code "x-sendfile" => "enable"} ({@code frontends/lighttpd-sendfile.conf}) sends the files the app
 * names in {@code X-Sendfile}; lighttpd cannot announce it, so {@code fcgi.sendfile.type} names the header.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "fcgi.port=0", "fcgi.sendfile.enabled=true", "fcgi.sendfile.type=x-sendfile" })
@TestInstance(Lifecycle.PER_CLASS)
class LighttpdSendfileTests {

	static final Path FILES = SendfileFiles.create();

	static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	@DynamicPropertySource
	static void files(DynamicPropertyRegistry registry) {
		registry.add("demo.files.directory", FILES::toString);
		registry.add("fcgi.sendfile.mappings", FILES::toString);
	}

	@Autowired
	ServletWebServerApplicationContext context;

	@LocalFcgiPort
	int fcgiPort;

	FrontEndServer lighttpd;

	@BeforeAll
	void startLighttpd() {
		this.lighttpd = FrontEndServer.start(FrontEnd.LIGHTTPD, "lighttpd-sendfile.conf",
				Map.of("FCGI_PORT", Integer.toString(this.fcgiPort), "FILES", FILES.toString()));
	}

	@AfterAll
	void stopLighttpd() {
		if (this.lighttpd != null) {
			this.lighttpd.close();
		}
	}

	@Test
	void lighttpdSendsTheFileAndTheJvmOnlyTheHeader() throws Exception {
		long before = FcgiConnectors.protocol(this.context).getStatistics().bytesOut();
		HttpResponse<byte[]> response = get(SendfileFiles.BIG_NAME, null, null);
		long out = FcgiConnectors.protocol(this.context).getStatistics().bytesOut() - before;
		assertThat(response.statusCode()).as(this.lighttpd.logs()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(SendfileFiles.big());
		assertThat(response.headers().firstValue("X-Sendfile")).isEmpty();
		assertThat(out).as("FastCGI bytes the JVM wrote for a %d-byte file", SendfileFiles.BIG_SIZE)
			.isLessThan(4096);
	}

	@Test
	void lighttpdAnswersRanges() throws Exception {
		HttpResponse<byte[]> response = get("small.txt", "Range", "bytes=10-15");
		assertThat(response.statusCode()).as(this.lighttpd.logs()).isEqualTo(206);
		assertThat(new String(response.body())).isEqualTo("abcdef");
	}

	private HttpResponse<byte[]> get(String name, String header, String value) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.lighttpd.uri("/files/" + name))
			.timeout(Duration.ofSeconds(20));
		if (header != null) {
			request.header(header, value);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

}
