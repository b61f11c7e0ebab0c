package dev.fcgi.sendfile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Directories whose files the web server may send, each with the prefix the web server
 * knows it by: written {@code /srv/files/=/protected/} (nginx: an {@code internal}
 * location with {@code alias /srv/files/}) or just {@code /srv/files/} when the web
 * server takes file paths (X-Sendfile). Configured on the application's side only; files
 * outside every directory are never named in a header.
 */
public final class SendfileMappings {

    private final List<Mapping> mappings;

    private SendfileMappings(List<Mapping> mappings) {
        this.mappings = mappings;
    }

    /**
     * Parses mappings.
     * @param specs entries {@code DIRECTORY=PREFIX} or {@code DIRECTORY}, the directory
     * absolute
     * @return the mappings
     * @throws IllegalArgumentException if an entry is empty or its directory is not
     * absolute
     */
    public static SendfileMappings parse(List<String> specs) {
        List<Mapping> mappings = new ArrayList<>();
        for (String spec : specs) {
            String s = spec.trim();
            int eq = s.indexOf('=');
            String directory = (eq >= 0) ? s.substring(0, eq).trim() : s;
            String prefix = (eq >= 0) ? s.substring(eq + 1).trim() : directory;
            if (directory.isEmpty() || prefix.isEmpty()) {
                throw new IllegalArgumentException("Sendfile mapping '" + spec + "' needs DIRECTORY=PREFIX");
            }
            Path root = Path.of(directory);
            if (!root.isAbsolute()) {
                throw new IllegalArgumentException(
                        "Sendfile mapping '" + spec + "': " + directory + " is not an absolute path");
            }
            mappings.add(new Mapping(root.normalize(), prefix.endsWith("/") ? prefix : prefix + "/"));
        }
        return new SendfileMappings(List.copyOf(mappings));
    }

    /**
     * @return whether there is no mapping at all
     */
    public boolean isEmpty() {
        return this.mappings.isEmpty();
    }

    /**
     * Names a file for the web server. Symbolic links are resolved first: a link inside a
     * directory pointing out of it is not under the directory.
     * @param file the file
     * @return the prefix followed by the file's path below its directory, or null when it
     * is under none (or does not exist)
     */
    public String map(Path file) {
        Path real;
        try {
            real = file.toRealPath();
        }
        catch (IOException ex) {
            return null;
        }
        for (Mapping mapping : this.mappings) {
            Path root = mapping.realRoot();
            if (real.startsWith(root) && !real.equals(root)) {
                StringBuilder mapped = new StringBuilder(mapping.prefix());
                Path relative = root.relativize(real);
                for (int i = 0; i < relative.getNameCount(); i++) {
                    if (i > 0) {
                        mapped.append('/');
                    }
                    mapped.append(relative.getName(i));
                }
                return mapped.toString();
            }
        }
        return null;
    }

    private record Mapping(Path root, String prefix) {

        Path realRoot() {
            try {
                return this.root.toRealPath();
            }
            catch (IOException ex) {
                return this.root;
            }
        }

    }

}
