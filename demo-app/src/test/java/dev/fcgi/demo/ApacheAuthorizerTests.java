package dev.fcgi.demo;

import java.nio.file.Files;
import java.util.Map;

import dev.fcgi.demo.support.FrontEnd;
import dev.fcgi.demo.support.FrontEndServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Apache httpd's {@code mod_authnz_fcgi} ({@code frontends/apache-authnz-fcgi.conf})
 * asking the app about {@code /private/}: the user the app approves is Apache's user of
 * the request ({@code %u} in its access log).
 */
class ApacheAuthorizerTests extends AuthorizerFrontEndTests {

    @Override
    FrontEndServer startFrontEnd(Map<String, String> values) {
        return FrontEndServer.start(FrontEnd.APACHE, "apache-authnz-fcgi.conf", values);
    }

    @Test
    void approvedUserIsTheOneTheAppNamed() throws Exception {
        assertThat(get("/private/hello", "demo:demo").statusCode()).isEqualTo(200);
        String accessLog = Files.readString(this.server.directory().resolve("access.log"));
        assertThat(accessLog).as(this.server.logs()).contains("demo \"GET /private/hello HTTP/1.1\" 200");
    }

}
