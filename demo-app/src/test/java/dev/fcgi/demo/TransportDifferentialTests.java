package dev.fcgi.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.fcgi.autoconfigure.LocalFcgiPort;
import dev.fcgi.demo.support.AnswerView;
import dev.fcgi.demo.support.CgiFcgi;
import dev.fcgi.demo.support.CgiFcgiResult;
import dev.fcgi.demo.support.FrontEnd;
import dev.fcgi.demo.support.FrontEndServer;
import dev.fcgi.demo.support.HttpAnswer;
import dev.fcgi.demo.support.HttpCase;
import dev.fcgi.demo.support.NginxServer;
import dev.fcgi.demo.support.NginxUpstream;
import dev.fcgi.demo.support.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same request must mean the same thing over FastCGI as over HTTP. Every request of
 * {@link DifferentialCorpus} goes to Tomcat's HTTP connector directly and over FastCGI
 * through nginx (Debian's stock {@code fastcgi_params}), Apache httpd with
 * mod_proxy_fcgi, h2o, and {@code cgi-fcgi} with the CGI variables of a gateway that
 * sends no {@code REQUEST_URI} (flup-style: the path decoded in {@code PATH_INFO});
 * status, headers (less each hop's own) and body must be the same, except for the
 * differences listed with their reasons in {@link AcceptedDifferences}.
 * <p>
 * The app runs with {@code server.forward-headers-strategy=native} (Tomcat's
 * RemoteIpValve), so that a client's address taken from {@code X-Forwarded-For} is
 * compared too: a proxy that appends its own line must not let a line the client forged
 * decide it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "fcgi.port=0", "server.forward-headers-strategy=native" })
@TestInstance(Lifecycle.PER_CLASS)
class TransportDifferentialTests {

    @LocalServerPort
    int httpPort;

    @LocalFcgiPort
    int fcgiPort;

    private NginxServer nginx;

    private FrontEndServer apache;

    private FrontEndServer h2o;

    /**
     * Route, then case name, then the aspects that differ from HTTP (aspect to "HTTP
     * value ≠ FastCGI value").
     */
    private final Map<String, Map<String, Map<String, String>>> differences = new LinkedHashMap<>();

    @BeforeAll
    void sendTheCorpusOverEveryTransport() {
        this.nginx = NginxServer.builder(NginxUpstream.fastCgiTcp("127.0.0.1", this.fcgiPort)).start();
        Map<String, String> values = Map.of("FCGI_PORT", Integer.toString(this.fcgiPort));
        this.apache = FrontEndServer.start(FrontEnd.APACHE, "apache-proxy-fcgi.conf", values);
        this.h2o = FrontEndServer.start(FrontEnd.H2O, "h2o.conf", values);
        CgiFcgi cgiFcgi = CgiFcgi.tcp("127.0.0.1", this.fcgiPort);
        Map<String, Function<HttpCase, HttpAnswer>> routes = new LinkedHashMap<>();
        routes.put("nginx", (c) -> RawHttp.exchange(this.nginx.port(), c.wireBytes()));
        routes.put("apache", (c) -> RawHttp.exchange(this.apache.port(), c.wireBytes()));
        routes.put("h2o", (c) -> RawHttp.exchange(this.h2o.port(), c.wireBytes()));
        routes.put("cgi-params", (c) -> answerOf(cgiFcgi.run(c.cgiEnvironment(), c.body())));
        for (HttpCase request : DifferentialCorpus.cases()) {
            Map<String, String> overHttp = AnswerView.of(request, RawHttp.exchange(this.httpPort, request.wireBytes()));
            routes.forEach((route, send) -> {
                Map<String, String> overFastCgi = AnswerView.of(request, send.apply(request));
                this.differences.computeIfAbsent(route, (r) -> new LinkedHashMap<>())
                    .put(request.name(), compare(overHttp, overFastCgi));
            });
        }
    }

    @AfterAll
    void stopFrontEnds() {
        for (AutoCloseable server : new AutoCloseable[] { this.nginx, this.apache, this.h2o }) {
            if (server != null) {
                closeQuietly(server);
            }
        }
    }

    @TestFactory
    Stream<DynamicContainer> everyRequestMeansTheSameOverFastCgiAsOverHttp() {
        return this.differences.entrySet()
            .stream()
            .map((route) -> DynamicContainer.dynamicContainer(route.getKey(),
                    route.getValue().entrySet().stream().map((entry) -> DynamicTest.dynamicTest(entry.getKey(), () -> {
                        List<String> unexplained = new ArrayList<>();
                        entry.getValue().forEach((aspect, difference) -> {
                            if (AcceptedDifferences.find(route.getKey(), entry.getKey(), aspect) == null) {
                                unexplained.add(aspect + ": " + difference);
                            }
                        });
                        assertThat(unexplained)
                            .as("%s / %s: differences from HTTP not listed in AcceptedDifferences", route.getKey(),
                                    entry.getKey())
                            .isEmpty();
                    }))));
    }

    @Test
    void everyAcceptedDifferenceStillOccurs() {
        List<String> stale = new ArrayList<>();
        for (AcceptedDifferences.Entry entry : AcceptedDifferences.ENTRIES) {
            for (String route : entry.routes()) {
                Map<String, String> found = this.differences.getOrDefault(route, Map.of())
                    .getOrDefault(entry.caseName(), Map.of());
                if (found.keySet().stream().noneMatch((aspect) -> entry.matches(route, entry.caseName(), aspect))) {
                    stale.add(route + " / " + entry.caseName() + " / " + entry.aspect());
                }
            }
        }
        assertThat(stale).as("accepted differences that no longer occur (remove them)").isEmpty();
    }

    private static Map<String, String> compare(Map<String, String> overHttp, Map<String, String> overFastCgi) {
        Set<String> aspects = new TreeSet<>(overHttp.keySet());
        aspects.addAll(overFastCgi.keySet());
        Map<String, String> differ = new LinkedHashMap<>();
        for (String aspect : aspects) {
            String http = overHttp.get(aspect);
            String fastCgi = overFastCgi.get(aspect);
            if (http == null ? fastCgi != null : !http.equals(fastCgi)) {
                differ.put(aspect, abbreviate(http) + "  ≠  " + abbreviate(fastCgi));
            }
        }
        return differ;
    }

    private static String abbreviate(String value) {
        return (value == null || value.length() <= 300) ? value : value.substring(0, 300) + "…";
    }

    private static HttpAnswer answerOf(CgiFcgiResult result) {
        List<HttpAnswer.Header> headers = new ArrayList<>();
        result.headers().forEach((name, values) -> {
            if (!name.equals("status")) {
                values.forEach((value) -> headers.add(new HttpAnswer.Header(name, value)));
            }
        });
        return new HttpAnswer(result.status(), headers, result.body());
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        }
        catch (Exception ex) {
            // stopping anyway
        }
    }

}
