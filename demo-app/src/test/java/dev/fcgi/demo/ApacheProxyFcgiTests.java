package dev.fcgi.demo;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.fcgi.demo.support.FcgiConnectors;
import dev.fcgi.demo.support.GeneratedBody;
import dev.fcgi.demo.support.FrontEnd;
import dev.fcgi.demo.support.FrontEndServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Apache httpd 2.4 with mod_proxy_fcgi ({@code frontends/apache-proxy-fcgi.conf}) in
 * front of the app.
 */
class ApacheProxyFcgiTests extends FrontEndContractTests {

    @Override
    FrontEndServer startFrontEnd(int fcgiPort) {
        return FrontEndServer.start(FrontEnd.APACHE, "apache-proxy-fcgi.conf",
                Map.of("FCGI_PORT", Integer.toString(fcgiPort)));
    }

    @Override
    long maxConnectionsForSequentialRequests() {
        // enablereuse=on: connections are pooled per Apache child process.
        return 10;
    }

    @Test
    void bodyOfUnknownLengthIsStreamedToTheApp() throws Exception {
        // Apache passes a chunked request body on as it arrives, without CONTENT_LENGTH.
        HttpResponse<String> response = send(HttpRequest.newBuilder(this.server.uri("/count"))
            .POST(GeneratedBody.zerosOfUnknownLength(3 * 1024 * 1024)));
        assertThat(response.statusCode()).as(this.server.logs()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(Integer.toString(3 * 1024 * 1024));
    }

    @Test
    void handlerFailingAfterACompleteAnswerLeavesTheKeptConnectionUsable() throws Exception {
        // mod_proxy_fcgi reuses a pooled connection without retrying: if the app closes
        // it after an END_REQUEST that promised to keep it, the next, unrelated request
        // gets a 503.
        long acceptedBefore = FcgiConnectors.protocol(this.context).getAcceptedConnections();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statuses.add(send(HttpRequest.newBuilder(this.server.uri("/test/answer-then-fail"))).statusCode());
            statuses.add(send(HttpRequest.newBuilder(this.server.uri("/hello"))).statusCode());
        }
        long opened = FcgiConnectors.protocol(this.context).getAcceptedConnections() - acceptedBefore;
        assertThat(statuses).as(this.server.logs()).containsOnly(200);
        assertThat(opened).as("FastCGI connections opened for 40 requests").isLessThanOrEqualTo(10);
    }

}
