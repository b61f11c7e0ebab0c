package dev.fcgi.tomcat;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The users whose processes may connect to the Unix socket, checked at accept against the
 * peer credentials the kernel records when a process connects (SO_PEERCRED): a web
 * server's workers, say, and not every process that shares the socket file's group. Users
 * are given by name or numeric id, and must exist when the list is read.
 */
final class UnixPeerAllowList {

    /** The property the list comes from, named in refusals. */
    static final String PROPERTY = "fcgi.unix-socket.allowed-users";

    private final List<UserPrincipal> users;

    private final String text;

    private UnixPeerAllowList(List<UserPrincipal> users, String text) {
        this.users = users;
        this.text = text;
    }

    /**
     * Parses a comma list of user names or numeric ids.
     * @param users the list, such as {@code www-data,33}
     * @return the allow-list
     * @throws FcgiSettingException if a user does not exist
     */
    static UnixPeerAllowList parse(String users) {
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        List<UserPrincipal> parsed = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String user : users.split(",")) {
            if (user.isBlank()) {
                continue;
            }
            try {
                parsed.add(lookup.lookupPrincipalByName(user.strip()));
                names.add(user.strip());
            }
            catch (IOException ex) {
                throw new FcgiSettingException(PROPERTY,
                        PROPERTY + " names '" + user.strip() + "', but there is no such user on this host.",
                        "List existing user names or numeric ids, such as the web server's (www-data on Debian).", ex);
            }
        }
        return new UnixPeerAllowList(List.copyOf(parsed), String.join(",", names));
    }

    /**
     * @param user the peer's user
     * @return whether that user's processes may connect
     */
    boolean allows(UserPrincipal user) {
        return this.users.contains(user);
    }

    /**
     * Reads the user of the process at the other end of a Unix socket connection.
     * @param socket the accepted connection
     * @return the user, or null if the credentials cannot be read
     */
    static UserPrincipal peerUser(SocketChannel socket) {
        try {
            UnixDomainPrincipal peer = socket.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return peer.user();
        }
        catch (IOException | UnsupportedOperationException ex) {
            return null;
        }
    }

    @Override
    public String toString() {
        return this.text;
    }

}
