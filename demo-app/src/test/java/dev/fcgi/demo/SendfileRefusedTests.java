package dev.fcgi.demo;

import java.nio.file.Path;
import java.util.Map;

import dev.fcgi.autoconfigure.LocalFcgiPort;
import dev.fcgi.demo.support.CgiFcgi;
import dev.fcgi.demo.support.CgiFcgiResult;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a FastCGI request announces {@code X-Sendfile-Type} (as a client can make nginx
 * forward it) but the feature is off, or the file lies outside every mapped directory,
 * the app sends the file itself and names nothing.
 */
class SendfileRefusedTests {

    static final Path FILES = SendfileFiles.create();

    static CgiFcgiResult announcedRequest(int port) {
        Map<String, String> environment = CgiFcgi.requestEnvironment("GET", "/files/small.txt");
        environment.put("HTTP_X_SENDFILE_TYPE", "X-Accel-Redirect");
        return CgiFcgi.tcp("127.0.0.1", port).run(environment);
    }

    static void assertServedByTheApp(CgiFcgiResult result) {
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        assertThat(result.bodyText()).isEqualTo("0123456789abcdef\n");
        assertThat(result.header("X-Accel-Redirect")).isNull();
    }

    @Nested
    @SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "fcgi.port=0")
    class Off {

        @DynamicPropertySource
        static void files(DynamicPropertyRegistry registry) {
            registry.add("demo.files.directory", FILES::toString);
        }

        @LocalFcgiPort
        int port;

        @Test
        void announcementIsIgnored() {
            assertServedByTheApp(announcedRequest(this.port));
        }

    }

    @Nested
    @SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
            properties = { "fcgi.port=0", "fcgi.sendfile.enabled=true", "fcgi.sendfile.mappings=/nonexistent/=/p/" })
    class OutsideTheMappings {

        @DynamicPropertySource
        static void files(DynamicPropertyRegistry registry) {
            registry.add("demo.files.directory", FILES::toString);
        }

        @LocalFcgiPort
        int port;

        @Test
        void fileIsServedByTheApp() {
            assertServedByTheApp(announcedRequest(this.port));
        }

    }

}
