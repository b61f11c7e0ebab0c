package dev.fcgi.demo.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the executables of real front ends and FastCGI tools (nginx, cgi-fcgi,
 * spawn-fcgi) on this machine.
 * <p>
 * Looked up, in order: the system property {@code <name>.binary} (for example
 * {@code -Dnginx.binary=...}), the usual Debian locations, then {@code PATH}.
 * {@link #require} fails when a tool is missing: a test that needs a front end never
 * skips, on a developer's machine or in CI alike.
 */
public final class FrontEndBinaries {

    private static final List<String> STANDARD_DIRECTORIES = List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin",
            "/usr/local/bin", "/sbin", "/bin");

    private FrontEndBinaries() {
    }

    /**
     * Finds an executable, failing with a message that says how to install it when it is
     * missing.
     * @param name the executable's file name, such as {@code nginx}
     * @param debianPackage the Debian package that provides it, named in the failure
     * message
     * @return the executable's path
     * @throws IllegalStateException if the executable cannot be found
     */
    public static Path require(String name, String debianPackage) {
        return find(name).orElseThrow(() -> new IllegalStateException(missingMessage(name, debianPackage)));
    }

    /**
     * Looks for an executable without failing.
     * @param name the executable's file name
     * @return its path, if found
     */
    public static Optional<Path> find(String name) {
        String configured = System.getProperty(name.toLowerCase(Locale.ROOT) + ".binary");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        List<String> directories = new ArrayList<>(STANDARD_DIRECTORIES);
        String pathVariable = System.getenv("PATH");
        if (pathVariable != null) {
            directories.addAll(List.of(pathVariable.split(File.pathSeparator)));
        }
        return directories.stream()
            .filter((directory) -> !directory.isEmpty())
            .map((directory) -> Path.of(directory, name))
            .filter((candidate) -> Files.isRegularFile(candidate) && Files.isExecutable(candidate))
            .findFirst();
    }

    private static String missingMessage(String name, String debianPackage) {
        return name + " is not installed (looked in -D" + name.toLowerCase(Locale.ROOT) + ".binary, "
                + String.join(", ", STANDARD_DIRECTORIES) + " and PATH). Install it with: "
                + "apt-get install --no-install-recommends " + debianPackage;
    }

}
