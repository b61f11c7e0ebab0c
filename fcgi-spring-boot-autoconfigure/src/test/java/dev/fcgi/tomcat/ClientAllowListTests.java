package dev.fcgi.tomcat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Parsing and matching of client allow-lists: addresses, CIDR ranges, IPv4 and IPv6, and
 * what is refused.
 */
class ClientAllowListTests {

    @Test
    void loopbackAllowsLoopbackOnly() throws Exception {
        assertThat(ClientAllowList.LOOPBACK.allows(ip("127.0.0.1"))).isTrue();
        assertThat(ClientAllowList.LOOPBACK.allows(ip("127.3.4.5"))).isTrue();
        assertThat(ClientAllowList.LOOPBACK.allows(ip("::1"))).isTrue();
        assertThat(ClientAllowList.LOOPBACK.allows(ip("10.0.0.1"))).isFalse();
        assertThat(ClientAllowList.LOOPBACK.allows(ip("::2"))).isFalse();
    }

    @Test
    void addressesAndRangesMatchByPrefix() throws Exception {
        ClientAllowList list = ClientAllowList.parse("10.1.0.0/16, 192.0.2.7 fd00::/8,2001:db8::1");
        assertThat(list.allows(ip("10.1.255.3"))).isTrue();
        assertThat(list.allows(ip("10.2.0.1"))).isFalse();
        assertThat(list.allows(ip("192.0.2.7"))).isTrue();
        assertThat(list.allows(ip("192.0.2.8"))).isFalse();
        assertThat(list.allows(ip("fd12:3456::9"))).isTrue();
        assertThat(list.allows(ip("fe80::1"))).isFalse();
        assertThat(list.allows(ip("2001:db8::1"))).isTrue();
        assertThat(list.allows(ip("2001:db8::2"))).isFalse();
    }

    @Test
    void oddPrefixLengthsMaskPartialBytes() throws Exception {
        ClientAllowList list = ClientAllowList.parse("172.16.0.0/12");
        assertThat(list.allows(ip("172.31.255.255"))).isTrue();
        assertThat(list.allows(ip("172.32.0.0"))).isFalse();
        assertThat(list.allows(ip("172.15.255.255"))).isFalse();
    }

    @Test
    void ipv4MappedPeersMatchIpv4Entries() throws Exception {
        ClientAllowList list = ClientAllowList.parse("10.0.0.0/8");
        assertThat(list.allows(InetAddress
            .getByAddress(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 10, 1, 2, 3 })))
            .isTrue();
    }

    @Test
    void starAllowsAnyone() throws Exception {
        ClientAllowList list = ClientAllowList.parse("*");
        assertThat(list.allowsAnyone()).isTrue();
        assertThat(list.allows(ip("203.0.113.9"))).isTrue();
    }

    @Test
    void namesAndMalformedEntriesAreRefusedWithTheEntryNamed() {
        assertThatIllegalArgumentException().isThrownBy(() -> ClientAllowList.parse("web.example.com"))
            .withMessageContaining("web.example.com")
            .withMessageContaining("not resolved");
        assertThatIllegalArgumentException().isThrownBy(() -> ClientAllowList.parse("10.0.0.0/33"))
            .withMessageContaining("prefix length");
        assertThatIllegalArgumentException().isThrownBy(() -> ClientAllowList.parse("10.0.0.300"))
            .withMessageContaining("10.0.0.300");
        assertThatIllegalArgumentException().isThrownBy(() -> ClientAllowList.parse(" , "))
            .withMessageContaining("Empty");
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

}
