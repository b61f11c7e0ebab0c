package dev.fcgi.demo.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HAProxy's runtime API on its {@code stats socket}: what HAProxy itself thinks of its
 * servers.
 *
 * @param socket the socket file named by {@code stats socket} in the configuration
 */
public record HaproxyAdminSocket(Path socket) {

    /**
     * Sends one command and reads the whole answer.
     * @param command such as {@code show stat}
     * @return HAProxy's answer
     */
    public String send(String command) {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(this.socket))) {
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not ask HAProxy '" + command + "' on " + this.socket, ex);
        }
    }

    /**
     * The {@code status} column of {@code show stat} for every server of a backend.
     * @param backend the backend's name
     * @return server name to status, such as {@code app1} to {@code UP}
     */
    public Map<String, String> serverStatus(String backend) {
        return serverColumn(backend, "status");
    }

    /**
     * The {@code check_status} column of {@code show stat} for every server of a backend:
     * the outcome of the last health check, such as {@code L7OK}, {@code L7TOUT} or
     * {@code INI} before the first one ended (a leading {@code * } while a check runs).
     * @param backend the backend's name
     * @return server name to the last check's outcome
     */
    public Map<String, String> lastCheck(String backend) {
        Map<String, String> checks = new LinkedHashMap<>();
        serverColumn(backend, "check_status")
            .forEach((server, check) -> checks.put(server, check.replaceFirst("^\\* ", "")));
        return checks;
    }

    private Map<String, String> serverColumn(String backend, String column) {
        String[] lines = send("show stat").split("\n");
        List<String> header = List.of(lines[0].replaceFirst("^# ", "").split(",", -1));
        int index = header.indexOf(column);
        Map<String, String> servers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] fields = lines[i].split(",", -1);
            if (fields.length > index && fields[0].equals(backend) && !fields[1].equals("BACKEND")) {
                servers.put(fields[1], fields[index]);
            }
        }
        return servers;
    }

}
