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
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * nginx with an {@code internal} location ({@code frontends/nginx-sendfile.conf}) sends the files the app names in
 * {@code X-Accel-Redirect}: the bytes never pass through the JVM, and nginx answers ranges and
 * {@code If-Modified-Since} itself.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "fcgi.port=0", "fcgi.sendfile.enabled=true" })
@TestInstance(Lifecycle.PER_CLASS)
class NginxSendfileTests {

	static final Path FILES = SendfileFiles.create();

	static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	@DynamicPropertySource
	static void files(DynamicPropertyRegistry registry) {
		registry.add("demo.files.directory", FILES::toString);
		registry.add("fcgi.sendfile.mappings", () -> FILES + "/=/protected/");
	}

	@Autowired
	ServletWebServerApplicationContext context;

	@LocalFcgiPort
	int fcgiPort;

	@LocalServerPort
	int httpPort;

	FrontEndServer nginx;

	@BeforeAll
	void startNginx() {
		this.nginx = FrontEndServer.start(FrontEnd.NGINX, "nginx-sendfile.conf",
				Map.of("FCGI_PORT", Integer.toString(this.fcgiPort), "FILES", FILES.toString()));
	}

	@AfterAll
	void stopNginx() {
		if (this.nginx != null) {
			this.nginx.close();
		}
	}

	@Test
	void nginxSendsTheFileAndTheJvmOnlyTheHeader() throws Exception {
		long before = FcgiConnectors.protocol(this.context).getStatistics().bytesOut();
		HttpResponse<byte[]> response = get(SendfileFiles.BIG_NAME, null, null);
		long out = FcgiConnectors.protocol(this.context).getStatistics().bytesOut() - before;
		assertThat(response.statusCode()).as(this.nginx.logs()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(SendfileFiles.big());
		assertThat(response.headers().firstValue("X-Accel-Redirect")).isEmpty();
		assertThat(out).as("FastCGI bytes the JVM wrote for a %d-byte file", SendfileFiles.BIG_SIZE)
			.isLessThan(4096);
	}

	@Test
	void nginxAnswersRanges() throws Exception {
		HttpResponse<byte[]> response = get("small.txt", "Range", "bytes=10-15");
		assertThat(response.statusCode()).as(this.nginx.logs()).isEqualTo(206);
		assertThat(new String(response.body())).isEqualTo("abcdef");
		assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 10-15/17");
	}

	@Test
	void nginxAnswersIfModifiedSince() throws Exception {
		HttpResponse<byte[]> first = get("small.txt", null, null);
		String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();
		HttpResponse<byte[]> again = get("small.txt", "If-Modified-Since", lastModified);
		assertThat(again.statusCode()).as(this.nginx.logs()).isEqualTo(304);
	}

	@Test
	void clientSentSendfileTypeDoesNotReplaceNginxs() throws Exception {
		HttpResponse<byte[]> response = get("small.txt", "X-Sendfile-Type", "X-Sendfile");
		assertThat(response.statusCode()).as(this.nginx.logs()).isEqualTo(200);
		assertThat(new String(response.body())).isEqualTo("0123456789abcdef\n");
		assertThat(response.headers().firstValue("X-Sendfile")).isEmpty();
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/plain"));
	}

	@Test
	void internalLocationIsNotReachableByUrl() throws Exception {
		HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(this.nginx.uri("/protected/small.txt")).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(404);
	}

	@Test
	void overHttpTheAppServesTheFileWhateverTheClientAnnounces() throws Exception {
		HttpRequest request = HttpRequest
			.newBuilder(java.net.URI.create("http://127.0.0.1:" + this.httpPort + "/files/small.txt"))
			.header("X-Sendfile-Type", "X-Accel-Redirect")
			.build();
		HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.body()).isEqualTo("0123456789abcdef\n");
		assertThat(response.headers().firstValue("X-Accel-Redirect")).isEmpty();
	}

	private HttpResponse<byte[]> get(String name, String header, String value) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.nginx.uri("/files/" + name))
			.timeout(Duration.ofSeconds(20));
		if (header != null) {
			request.header(header, value);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

}
