package dev.fcgi.demo.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Loopback TCP ports for test servers: finding one that is free now, and waiting until
 * one accepts.
 */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * A TCP port on the loopback address that was free a moment ago. Another process may
     * take it before the caller binds it, so callers that can retry on "address in use"
     * should.
     * @return the port number
     */
    public static int loopbackPort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not find a free loopback port", ex);
        }
    }

    /**
     * Whether something accepts TCP connections on the loopback address at this port
     * right now.
     * @param port the port to try
     * @return {@code true} if a connection could be opened
     */
    public static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    /**
     * Waits until the loopback port accepts connections, or the time is up, or
     * {@code stillWorthWaiting} answers {@code false} (for instance because the process
     * that should listen has exited).
     * @param port the port to wait for
     * @param timeout how long to wait at most
     * @param stillWorthWaiting checked between attempts
     * @return {@code true} if the port accepted a connection in time
     */
    public static boolean awaitAccepting(int port, Duration timeout, BooleanSupplier stillWorthWaiting) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (accepts(port)) {
                return true;
            }
            if (!stillWorthWaiting.getAsBoolean()) {
                return false;
            }
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return accepts(port);
    }

}
