package dev.fcgi.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;

import org.springframework.util.FileSystemUtils;

/**
 * A directory of files for {@code GET /files/{name}}, readable by a web server's
 * unprivileged workers.
 */
final class SendfileFiles {

    /** Size of {@value #BIG_NAME}. */
    static final int BIG_SIZE = 2 * 1024 * 1024;

    /**
     * A file large enough that its bytes passing through the JVM would show in the
     * connector's counters.
     */
    static final String BIG_NAME = "big.bin";

    private SendfileFiles() {
    }

    /**
     * Creates the directory with {@value #BIG_NAME} (random bytes, seed 14) and
     * {@code small.txt}.
     * @return the directory
     */
    static Path create() {
        try {
            Path files = Files.createTempDirectory("sendfile-files-");
            Files.setPosixFilePermissions(files, PosixFilePermissions.fromString("rwxr-xr-x"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> FileSystemUtils.deleteRecursively(files.toFile())));
            Files.write(files.resolve(BIG_NAME), big());
            Files.writeString(files.resolve("small.txt"), "0123456789abcdef\n");
            return files;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The content of {@value #BIG_NAME}.
     * @return its bytes
     */
    static byte[] big() {
        byte[] bytes = new byte[BIG_SIZE];
        new Random(14).nextBytes(bytes);
        return bytes;
    }

}
