package dev.fcgi.bench.jetty;

import org.eclipse.jetty.fcgi.server.ServerFCGIConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Benchmark peer: the demo's {@code GET /hello} on Jetty, answered over Jetty's own FastCGI connector (on
 * {@code peer.fcgi-port}) beside Jetty's HTTP connector (on {@code server.port}). The application is the demo's
 * minus the starter: Spring MVC, actuator and the Prometheus registry, so per-request observation costs the same.
 */
@SpringBootApplication
@RestController
public class JettyFcgiPeerApplication {

	/**
	 * Starts the peer.
	 * @param args Spring Boot arguments, e.g. {@code --server.port=8081 --peer.fcgi-port=9001}
	 */
	public static void main(String[] args) {
		SpringApplication.run(JettyFcgiPeerApplication.class, args);
	}

	/**
	 * The same answer as the demo's {@code /hello}.
	 * @return {@code hello}
	 */
	@GetMapping(path = "/hello", produces = MediaType.TEXT_PLAIN_VALUE)
	public String hello() {
		return "hello";
	}

	/**
	 * Adds a FastCGI connector, as Jetty's documentation configures one, to the server Boot builds.
	 * @param port the FastCGI port on 127.0.0.1
	 * @return the customizer
	 */
	@Bean
	WebServerFactoryCustomizer<JettyServletWebServerFactory> fastCgiConnector(@Value("${peer.fcgi-port}") int port) {
		return (factory) -> factory.addServerCustomizers((Server server) -> {
			ServerConnector fcgi = new ServerConnector(server, new ServerFCGIConnectionFactory(new HttpConfiguration()));
			fcgi.setHost("127.0.0.1");
			fcgi.setPort(port);
			server.addConnector(fcgi);
		});
	}

}
