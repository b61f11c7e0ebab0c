package dev.fcgi.tomcat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Who may connect, as the protocol works it out from its settings and the
 * FCGI_WEB_SERVER_ADDRS environment.
 */
class FcgiNioProtocolTests {

    @Test
    void loopbackListenerDefaultsToLoopbackClients() {
        FcgiNioProtocol protocol = new FcgiNioProtocol();
        assertThat(protocol.effectiveAllowList(null)).isSameAs(ClientAllowList.LOOPBACK);
    }

    @Test
    void webServerAddrsIsHonouredWhenNothingIsConfigured() throws Exception {
        FcgiNioProtocol protocol = new FcgiNioProtocol();
        protocol.setAddress(InetAddress.getByName("0.0.0.0"));
        ClientAllowList list = protocol.effectiveAllowList("192.0.2.10,192.0.2.11");
        assertThat(list.allows(InetAddress.getByName("192.0.2.11"))).isTrue();
        assertThat(list.allows(InetAddress.getByName("127.0.0.1"))).isFalse();
    }

    @Test
    void configuredClientsWinOverWebServerAddrs() throws Exception {
        FcgiNioProtocol protocol = new FcgiNioProtocol();
        protocol.setAllowedClients("10.0.0.0/8");
        ClientAllowList list = protocol.effectiveAllowList("192.0.2.10");
        assertThat(list.allows(InetAddress.getByName("10.4.4.4"))).isTrue();
        assertThat(list.allows(InetAddress.getByName("192.0.2.10"))).isFalse();
    }

    @Test
    void nonLoopbackListenerWithoutAnAllowListIsRefused() throws Exception {
        FcgiNioProtocol protocol = new FcgiNioProtocol();
        protocol.setAddress(InetAddress.getByName("0.0.0.0"));
        assertThatIllegalStateException().isThrownBy(() -> protocol.effectiveAllowList(null))
            .withMessageContaining("fcgi.allowed-clients")
            .withMessageContaining("'*'");
    }

    @Test
    void unixSocketNeedsNoAllowList() {
        FcgiNioProtocol protocol = new FcgiNioProtocol();
        protocol.setAddress(null);
        protocol.setUnixDomainSocketPath("/tmp/never-bound.sock");
        assertThat(protocol.effectiveAllowList(null)).isSameAs(ClientAllowList.LOOPBACK);
    }

}
