package dev.fcgi.tomcat;

import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.util.Map;

/**
 * Checks that the listening socket to accept on was inherited on file descriptor 0, the
 * only one Java can accept on ({@link System#inheritedChannel()}), and says what to
 * change when it was not: the FastCGI launchers (spawn-fcgi, multiwatch, mod_fcgid,
 * lighttpd {@code bin-path}, Server::Starter) put it there; systemd socket activation
 * ({@code LISTEN_FDS}, {@code LISTEN_PID}) passes it on fd 3, which the JDK has no public
 * way to adopt, so the unit moves it to fd 0 ({@code StandardInput=socket}) or a shell
 * does ({@code exec ... 0<&3}).
 */
final class InheritedListener {

    private static final String PROPERTY = "fcgi.inherit-channel";

    private InheritedListener() {
    }

    /**
     * Checks this process's inherited channel.
     * @throws FcgiSettingException if fd 0 is not a listening socket
     */
    static void check() {
        Channel inherited;
        try {
            inherited = System.inheritedChannel();
        }
        catch (IOException | SecurityException ex) {
            inherited = null;
        }
        check(inherited, System.getenv(), ProcessHandle.current().pid());
    }

    /**
     * Checks an inherited channel.
     * @param inherited what fd 0 holds, as {@link System#inheritedChannel()} answers
     * @param environment the process's environment (for systemd's {@code LISTEN_FDS} and
     * {@code LISTEN_PID})
     * @param pid the process's id
     * @throws FcgiSettingException if {@code inherited} is not a listening socket
     */
    static void check(Channel inherited, Map<String, String> environment, long pid) {
        if (inherited instanceof ServerSocketChannel) {
            return;
        }
        String listenFds = environment.get("LISTEN_FDS");
        if (listenFds != null && String.valueOf(pid).equals(environment.get("LISTEN_PID"))) {
            throw new FcgiSettingException(PROPERTY,
                    PROPERTY + " is true and systemd passed " + listenFds
                            + " listening socket(s) from file descriptor 3 on (LISTEN_FDS), but Java accepts only on a "
                            + "socket inherited on file descriptor 0.",
                    "In the service unit add StandardInput=socket (one socket unit, Accept=no): systemd then puts "
                            + "the socket on fd 0. With systemd-socket-activate, start the JVM through a shell that "
                            + "moves it: /bin/sh -c 'exec /usr/bin/java ... 0<&3'.");
        }
        String what = (inherited == null) ? "not a socket" : "a connected socket, not a listening one";
        throw new FcgiSettingException(PROPERTY,
                PROPERTY + " is true but file descriptor 0 (standard input) is " + what + ".",
                "Start the application under something that hands it a listening socket on fd 0 (spawn-fcgi, "
                        + "multiwatch, mod_fcgid, lighttpd bin-path, start_server --port=HOST:PORT=0, a systemd "
                        + "service with StandardInput=socket), or set " + PROPERTY
                        + "=false to open its own socket (fcgi.port or fcgi.unix-socket.path).");
    }

}
