package dev.fcgi.demo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.fcgi.demo.support.FrontEndTemplate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The docs show each front-end configuration exactly as the tests run it, so the two
 * cannot drift apart.
 */
class DocsShowTestedConfigsTests {

    @ParameterizedTest(name = "{0} shows {1}")
    @CsvSource({ "front-ends.md, apache-proxy-fcgi.conf", "front-ends.md, lighttpd.conf", "front-ends.md, Caddyfile",
            "front-ends.md, haproxy.cfg", "deployment.md, nginx-upstream.conf", "deployment.md, haproxy-balance.cfg",
            "deployment.md, apache-balancer.conf", "front-ends.md, apache-fcgid.conf",
            "front-ends.md, lighttpd-spawn.conf", "deployment.md, nginx-server-starter.conf",
            "front-ends.md, lighttpd-authorizer.conf", "front-ends.md, apache-authnz-fcgi.conf",
            "front-ends.md, nginx-sendfile.conf", "front-ends.md, lighttpd-sendfile.conf",
            "front-ends.md, apache-xsendfile.conf", "front-ends.md, apache-authn-provider.conf" })
    void docShowsTheTestedFile(String doc, String template) throws Exception {
        String text = Files.readString(Path.of("..", "docs", doc), StandardCharsets.UTF_8);
        assertThat(text).as("docs/%s must show %s verbatim", doc, template)
            .contains("```", FrontEndTemplate.load(template).text());
    }

}
