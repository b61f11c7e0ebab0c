package dev.fcgi.autoconfigure;

import java.net.http.HttpResponse;

import dev.fcgi.actuate.FcgiHealthIndicator;
import dev.fcgi.testsupport.TestApplication;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.fcgi.testsupport.TestApplicationSupport.httpGet;
import static dev.fcgi.testsupport.TestApplicationSupport.httpPort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with spring-boot-starter-jetty beside this starter (which brings
 * Tomcat): Boot picks Jetty, and the application starts, says at start-up why FastCGI is
 * not active and what to do, and its health does not turn DOWN over a listener that
 * cannot exist. Runs in the "jetty" surefire execution, the only one with Boot's Jetty
 * module on the classpath.
 */
@Tag("jetty")
@ExtendWith(OutputCaptureExtension.class)
class FcgiOnJettyTests {

    @Test
    void jettyApplicationStartsAndSaysWhyFastCgiIsOff(CapturedOutput output) throws Exception {
        SpringApplication application = new SpringApplication(TestApplication.class);
        try (ConfigurableApplicationContext context = application.run("--server.port=0", "--fcgi.port=0")) {
            assertThat(output.getOut()).contains("Jetty started")
                .contains("WARN")
                .contains("FastCGI is not active: the application's servlet web server is "
                        + JettyServletWebServerFactory.class.getName())
                .contains("remove spring-boot-starter-jetty")
                .contains("set fcgi.enabled=false")
                .doesNotContain("FastCGI listening on");
            assertThat(context.getBeansOfType(FcgiConnectorHolder.class)).isEmpty();
            assertThat(context.getBeansOfType(FcgiHealthIndicator.class)).isEmpty();
            HttpResponse<String> health = httpGet(httpPort(context), "/actuator/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(httpGet(httpPort(context), "/hello").body()).isEqualTo("hello");
        }
    }

    @Test
    void noWarningWhenTheUserTurnedFastCgiOff(CapturedOutput output) {
        SpringApplication application = new SpringApplication(TestApplication.class);
        try (ConfigurableApplicationContext context = application.run("--server.port=0", "--fcgi.enabled=false")) {
            assertThat(output.getOut()).contains("Jetty started").doesNotContain("FastCGI is not active");
        }
    }

}
