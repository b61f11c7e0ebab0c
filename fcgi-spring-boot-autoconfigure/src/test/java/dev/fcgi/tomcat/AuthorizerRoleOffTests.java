package dev.fcgi.tomcat;

import dev.fcgi.protocol.FcgiConstants;
import dev.fcgi.protocol.RecordType;
import dev.fcgi.testsupport.BareFcgiServer;
import dev.fcgi.testsupport.BareFcgiTomcat;
import dev.fcgi.testsupport.FcgiTestClient;
import dev.fcgi.testsupport.FcgiTestClient.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code fcgi.authorizer.enabled} unset, an AUTHORIZER request is refused by the
 * connector with a 403 every web server passes on as a denial, never with
 * FCGI_UNKNOWN_ROLE (which lighttpd reads as approval).
 * <p>
 * One Tomcat without Spring serves the whole class, with the connector's default settings
 * ({@code fcgi.output.flush=auto} and the authorizer role off among them).
 */
class AuthorizerRoleOffTests {

    @RegisterExtension
    static final BareFcgiServer server = new BareFcgiServer(BareFcgiTomcat.builder());

    @Test
    void authorizerRequestGets403AndTheConnectionStaysUsable() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            AuthorizerRequests.send(client, AuthorizerRequests.params("GET", "/hello"));
            Response refused = client.readResponse(1);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.protocolStatus()).isEqualTo(FcgiConstants.REQUEST_COMPLETE);
            assertThat(refused.bodyText()).startsWith("403 ").doesNotContain("hello");
            assertThat(client.exchange(FcgiTestClient.params("GET", "/hello"), new byte[0]).bodyText())
                .isEqualTo("hello");
        }
    }

    @Test
    void emptyStdinAfterAnAuthorizerRequestIsIgnored() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            AuthorizerRequests.send(client, AuthorizerRequests.params("GET", "/hello"));
            client.send(FcgiTestClient.record(RecordType.STDIN, 1, new byte[0]));
            assertThat(client.readResponse(1).status()).isEqualTo(403);
            assertThat(client.exchange(FcgiTestClient.params("GET", "/hello"), new byte[0]).bodyText())
                .isEqualTo("hello");
        }
    }

    @Test
    void filterRoleIsStillUnknown() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            client.send(FcgiTestClient.beginRequest(1, FcgiConstants.ROLE_FILTER, true));
            FcgiTestClient.Record end = client.readRecord();
            assertThat(end.type()).isEqualTo(RecordType.END_REQUEST);
            assertThat(end.content()[4]).isEqualTo((byte) FcgiConstants.UNKNOWN_ROLE);
        }
    }

}
