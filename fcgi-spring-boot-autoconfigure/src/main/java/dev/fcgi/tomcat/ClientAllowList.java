package dev.fcgi.tomcat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which peers may connect: literal IPv4/IPv6 addresses and CIDR ranges, or {@code *} for
 * anyone. No names are resolved (an allow-list that depends on DNS is no allow-list). An
 * IPv4-mapped IPv6 peer ({@code ::ffff:a.b.c.d}) is matched as its IPv4 address.
 */
public final class ClientAllowList {

    /** Loopback only: 127.0.0.0/8 and ::1. */
    public static final ClientAllowList LOOPBACK = parse("127.0.0.0/8,::1");

    private final List<Range> ranges;

    private final boolean anyone;

    private final String description;

    private ClientAllowList(List<Range> ranges, boolean anyone, String description) {
        this.ranges = ranges;
        this.anyone = anyone;
        this.description = description;
    }

    /**
     * Parses a comma- or whitespace-separated list.
     * @param list entries such as {@code 10.0.0.5}, {@code 10.0.0.0/8}, {@code ::1},
     * {@code fd00::/8} or {@code *}
     * @return the allow-list
     * @throws ClientAllowListException naming the entry that is not an address or range
     */
    public static ClientAllowList parse(String list) {
        List<Range> ranges = new ArrayList<>();
        boolean anyone = false;
        for (String entry : list.split("[,\\s]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*")) {
                anyone = true;
                continue;
            }
            ranges.add(Range.parse(entry));
        }
        if (!anyone && ranges.isEmpty()) {
            throw new ClientAllowListException("Empty client allow-list: name addresses or ranges, or '*' for anyone",
                    list, null);
        }
        return new ClientAllowList(List.copyOf(ranges), anyone, list.trim());
    }

    /**
     * @param address a peer's address
     * @return true if it may connect
     */
    public boolean allows(InetAddress address) {
        if (this.anyone) {
            return true;
        }
        byte[] bytes = normalise(address);
        for (Range range : this.ranges) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return true if the list lets anyone in ({@code *})
     */
    public boolean allowsAnyone() {
        return this.anyone;
    }

    @Override
    public String toString() {
        return this.description;
    }

    private static byte[] normalise(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address && isIpv4Mapped(bytes)) {
            byte[] v4 = new byte[4];
            System.arraycopy(bytes, 12, v4, 0, 4);
            return v4;
        }
        return bytes;
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
    }

    private record Range(byte[] network, int prefixBits) {

        static Range parse(String entry) {
            int slash = entry.indexOf('/');
            String host = (slash >= 0) ? entry.substring(0, slash) : entry;
            InetAddress address = literal(host, entry);
            byte[] bytes = normalise(address);
            int max = bytes.length * 8;
            int bits = max;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(entry.substring(slash + 1));
                }
                catch (NumberFormatException ex) {
                    bits = -1;
                }
                if (bits < 0 || bits > max) {
                    throw new ClientAllowListException(
                            "Invalid prefix length in allowed client '" + entry + "' (0 to " + max + ")", entry, null);
                }
            }
            return new Range(bytes, bits);
        }

        private static InetAddress literal(String host, String entry) {
            String h = host.toLowerCase(Locale.ROOT);
            boolean ipv4 = h.matches("[0-9.]+");
            boolean ipv6 = h.indexOf(':') >= 0 && h.matches("[0-9a-f:.]+");
            if (!ipv4 && !ipv6) {
                throw new ClientAllowListException(
                        "Allowed client '" + entry + "' is not an IP address or CIDR range (names are not resolved)",
                        entry, null);
            }
            try {
                InetAddress address = InetAddress.getByName(h);
                if (ipv4 && !(address instanceof Inet4Address)) {
                    throw new UnknownHostException(h);
                }
                return address;
            }
            catch (UnknownHostException ex) {
                throw new ClientAllowListException("Allowed client '" + entry + "' is not a valid IP address", entry,
                        ex);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != this.network.length) {
                return false;
            }
            int full = this.prefixBits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != this.network[i]) {
                    return false;
                }
            }
            int rest = this.prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (this.network[full] & mask);
        }

    }

}
