package dev.fcgi.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files this JVM holds open under a directory, read from {@code /proc/self/fd}. Spill
 * files are unlinked as soon as they are opened (on Linux), so an open descriptor is all
 * that is left of one: a test that checks none is left looks here rather than in the
 * directory.
 */
public final class OpenFiles {

    private OpenFiles() {
    }

    /**
     * Lists the open files under a directory.
     * @param directory the directory
     * @return the paths the open descriptors point to (a deleted file's path ends in "
     * (deleted)")
     */
    public static List<Path> under(Path directory) {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.map(OpenFiles::target)
                .filter((target) -> target != null && target.startsWith(directory))
                .toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static Path target(Path descriptor) {
        try {
            return Files.readSymbolicLink(descriptor);
        }
        catch (IOException ex) {
            // closed since it was listed
            return null;
        }
    }

}
