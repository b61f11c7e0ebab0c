package dev.fcgi.demo.support;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What an {@link NginxServer} passes requests to: a FastCGI server on TCP or on a Unix
 * domain socket, or a plain HTTP server (to compare FastCGI answers with HTTP ones, or to
 * test the harness itself).
 */
public sealed interface NginxUpstream {

    /**
     * A FastCGI server listening on TCP.
     * @param host host name or address, such as {@code 127.0.0.1}
     * @param port TCP port
     * @return the upstream
     */
    static NginxUpstream fastCgiTcp(String host, int port) {
        return new FastCgiTcp(host, port);
    }

    /**
     * A FastCGI server listening on a Unix domain socket.
     * @param socket the socket file
     * @return the upstream
     */
    static NginxUpstream fastCgiUnixSocket(Path socket) {
        return new FastCgiUnixSocket(socket);
    }

    /**
     * A plain HTTP server, reached with {@code proxy_pass}.
     * @param host host name or address
     * @param port TCP port
     * @return the upstream
     */
    static NginxUpstream http(String host, int port) {
        return new Http(host, port);
    }

    /**
     * Whether nginx speaks FastCGI to this upstream.
     * @return {@code true} for FastCGI, {@code false} for HTTP
     */
    boolean fastCgi();

    /**
     * The address as written after {@code server} in an nginx {@code upstream} block.
     * @return for example {@code 127.0.0.1:9000} or {@code unix:/run/app.sock}
     */
    String serverAddress();

    /**
     * FastCGI over TCP.
     *
     * @param host host name or address
     * @param port TCP port
     */
    record FastCgiTcp(String host, int port) implements NginxUpstream {

        /** Checks the arguments. */
        public FastCgiTcp {
            Objects.requireNonNull(host, "host");
            requireValidPort(port);
        }

        @Override
        public boolean fastCgi() {
            return true;
        }

        @Override
        public String serverAddress() {
            return hostAndPort(this.host, this.port);
        }

    }

    /**
     * FastCGI over a Unix domain socket.
     *
     * @param socket the socket file
     */
    record FastCgiUnixSocket(Path socket) implements NginxUpstream {

        /** Checks the arguments. */
        public FastCgiUnixSocket {
            Objects.requireNonNull(socket, "socket");
            socket = socket.toAbsolutePath();
        }

        @Override
        public boolean fastCgi() {
            return true;
        }

        @Override
        public String serverAddress() {
            return "unix:" + this.socket;
        }

    }

    /**
     * Plain HTTP over TCP.
     *
     * @param host host name or address
     * @param port TCP port
     */
    record Http(String host, int port) implements NginxUpstream {

        /** Checks the arguments. */
        public Http {
            Objects.requireNonNull(host, "host");
            requireValidPort(port);
        }

        @Override
        public boolean fastCgi() {
            return false;
        }

        @Override
        public String serverAddress() {
            return hostAndPort(this.host, this.port);
        }

    }

    private static void requireValidPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Not a TCP port: " + port);
        }
    }

    private static String hostAndPort(String host, int port) {
        return (host.indexOf(':') >= 0 && !host.startsWith("[")) ? "[" + host + "]:" + port : host + ":" + port;
    }

}
