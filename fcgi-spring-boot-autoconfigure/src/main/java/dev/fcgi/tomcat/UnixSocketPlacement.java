package dev.fcgi.tomcat;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;

/**
 * Puts a Unix socket file in its place the way PHP-FPM's {@code listen},
 * {@code listen.owner}, {@code listen.group} and {@code listen.mode} do, without a moment
 * in which it is reachable with other permissions or another owner: the socket is bound
 * inside a private directory (mode 0700) created beside its final path, given its mode,
 * owner and group there, and then renamed into place, which is atomic within one
 * directory. The directory the socket goes to must exist; its own permissions are the
 * operator's business (Debian's {@code /run/php} is 0755, owned by root).
 */
final class UnixSocketPlacement {

    /**
     * Name of the socket inside the private directory: short, as socket paths are limited
     * to 107 bytes.
     */
    private static final String PRIVATE_NAME = "s";

    private final Path target;

    private final UserPrincipal owner;

    private final GroupPrincipal group;

    private UnixSocketPlacement(Path target, UserPrincipal owner, GroupPrincipal group) {
        this.target = target;
        this.owner = owner;
        this.group = group;
    }

    /**
     * Checks the settings of a socket file: its directory exists, and the owner and group
     * name accounts that exist.
     * @param path the socket's path
     * @param owner user name (or numeric id) to own the socket, or null to leave it to
     * the process
     * @param group group name (or numeric id) of the socket, or null to leave it to the
     * process
     * @return the placement, ready to {@link #bindPrivately bind}
     * @throws FcgiSettingException naming the property at fault
     */
    static UnixSocketPlacement of(String path, String owner, String group) {
        Path target = Path.of(path).toAbsolutePath();
        Path directory = target.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new FcgiSettingException("fcgi.unix-socket.path",
                    "fcgi.unix-socket.path is '" + path + "', but the directory " + directory
                            + " does not exist (it is not created: a directory made here would be owned by this "
                            + "process, with permissions nobody chose).",
                    "Create the directory first, readable by the web server's user (as Debian does for /run/php; "
                            + "with systemd: RuntimeDirectory=), or choose a socket path in an existing directory.");
        }
        FileSystem fs = target.getFileSystem();
        UserPrincipal user = null;
        GroupPrincipal groupPrincipal = null;
        try {
            if (owner != null && !owner.isBlank()) {
                user = fs.getUserPrincipalLookupService().lookupPrincipalByName(owner.strip());
            }
        }
        catch (UserPrincipalNotFoundException ex) {
            throw new FcgiSettingException("fcgi.unix-socket.owner",
                    "fcgi.unix-socket.owner is '" + owner + "', but there is no such user on this host.",
                    "Set fcgi.unix-socket.owner to an existing user name (such as the web server's, www-data on "
                            + "Debian), or leave it unset to keep the socket owned by the application's user.",
                    ex);
        }
        catch (IOException ex) {
            throw new FcgiSettingException("fcgi.unix-socket.owner",
                    "fcgi.unix-socket.owner '" + owner + "' cannot be looked up: " + ex.getMessage(),
                    "Check the host's user database (getent passwd " + owner + ").", ex);
        }
        if (user != null && !user.getName().equals(System.getProperty("user.name")) && !runsAsRoot()) {
            throw new FcgiSettingException("fcgi.unix-socket.owner",
                    "fcgi.unix-socket.owner is '" + owner + "', but only root can give a file to another user, and "
                            + "this process runs as '" + System.getProperty("user.name") + "'.",
                    "Start the application as root (as PHP-FPM's master runs), or leave fcgi.unix-socket.owner "
                            + "unset and let the web server in through fcgi.unix-socket.group.");
        }
        try {
            if (group != null && !group.isBlank()) {
                groupPrincipal = fs.getUserPrincipalLookupService().lookupPrincipalByGroupName(group.strip());
            }
        }
        catch (UserPrincipalNotFoundException ex) {
            throw new FcgiSettingException("fcgi.unix-socket.group",
                    "fcgi.unix-socket.group is '" + group + "', but there is no such group on this host.",
                    "Set fcgi.unix-socket.group to an existing group (the web server's, www-data on Debian), or "
                            + "leave it unset to keep the application's group.",
                    ex);
        }
        catch (IOException ex) {
            throw new FcgiSettingException("fcgi.unix-socket.group",
                    "fcgi.unix-socket.group '" + group + "' cannot be looked up: " + ex.getMessage(),
                    "Check the host's group database (getent group " + group + ").", ex);
        }
        return new UnixSocketPlacement(target, user, groupPrincipal);
    }

    private static boolean runsAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        }
        catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /**
     * Creates the private directory the socket is bound in, beside the final path (same
     * file system, so that the rename is atomic).
     * @return the path to bind the socket to
     * @throws IOException if the directory cannot be created
     */
    Path createPrivatePath() throws IOException {
        Path directory = Files.createTempDirectory(this.target.getParent(), ".fcgi",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return directory.resolve(PRIVATE_NAME);
    }

    /**
     * Gives the bound socket its owner and group, then renames it to its final path
     * (replacing what is there: a stale socket file, checked beforehand).
     * @param bound the socket file bound at a path from {@link #createPrivatePath()},
     * with its mode set
     * @throws FcgiSettingException if the owner or group cannot be set
     * @throws IOException if the rename fails
     */
    void moveIntoPlace(Path bound) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(bound, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (this.group != null) {
            try {
                view.setGroup(this.group);
            }
            catch (IOException ex) {
                throw new FcgiSettingException("fcgi.unix-socket.group",
                        "The socket " + this.target + " cannot be given to group '" + this.group.getName() + "': "
                                + ex.getMessage(),
                        "Run the application as root (it then sets the group as PHP-FPM's listen.group does), "
                                + "as a member of that group, or leave fcgi.unix-socket.group unset.",
                        ex);
            }
        }
        if (this.owner != null) {
            try {
                view.setOwner(this.owner);
            }
            catch (IOException ex) {
                throw new FcgiSettingException("fcgi.unix-socket.owner",
                        "The socket " + this.target + " cannot be given to user '" + this.owner.getName() + "': "
                                + ex.getMessage(),
                        "Only root can give a file away: run the application as root, or leave "
                                + "fcgi.unix-socket.owner unset and let the web server in through "
                                + "fcgi.unix-socket.group.",
                        ex);
            }
        }
        Files.move(bound, this.target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Removes the private directory (and the socket file, if it is still there after a
     * failure).
     * @param bound the path from {@link #createPrivatePath()}
     */
    static void removePrivatePath(Path bound) {
        try {
            Files.deleteIfExists(bound);
            Files.deleteIfExists(bound.getParent());
        }
        catch (IOException ex) {
            // left behind: a hidden, empty, private directory
        }
    }

}
