package dev.fcgi.tomcat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A request body spilled to a temporary file: written as STDIN arrives, read back by the
 * application, deleted when the request ends, whatever way it ends.
 */
final class SpillFile implements AutoCloseable {

    /**
     * Name prefix of spill files, so leftovers of a killed JVM can be told from other
     * files.
     */
    static final String PREFIX = "fcgi-body-";

    private final Path path;

    private final FileChannel channel;

    private long size;

    private long readPosition;

    private SpillFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /**
     * Creates an empty spill file.
     * @param directory where it goes
     * @return the open file
     * @throws IOException if it cannot be created
     */
    static SpillFile create(Path directory) throws IOException {
        Path path = Files.createTempFile(directory, PREFIX, ".tmp");
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE);
            return new SpillFile(path, channel);
        }
        catch (IOException ex) {
            Files.deleteIfExists(path);
            throw ex;
        }
    }

    /**
     * Appends bytes.
     * @param src the bytes, from position to limit
     * @throws IOException on a disk error
     */
    void write(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            this.size += this.channel.write(src, this.size);
        }
    }

    /**
     * Reads the next bytes back.
     * @param dst where to put them (cleared first, flipped after)
     * @return bytes read, or -1 at the end
     * @throws IOException on a disk error
     */
    int read(ByteBuffer dst) throws IOException {
        dst.clear();
        if (this.readPosition >= this.size) {
            dst.flip();
            return -1;
        }
        int n = this.channel.read(dst, this.readPosition);
        dst.flip();
        if (n > 0) {
            this.readPosition += n;
        }
        return n;
    }

    /**
     * Deletes spill files a killed JVM left behind, recognised by their prefix. On Linux
     * there are none (files are unlinked as soon as they are opened); elsewhere a crash
     * can leave them.
     * @param directory the spill directory
     * @return how many were deleted
     */
    static int removeLeftovers(Path directory) {
        int removed = 0;
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*.tmp")) {
            for (Path file : files) {
                if (Files.isRegularFile(file) && Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        }
        catch (IOException ex) {
            // best effort: the directory may be shared and partly unreadable
        }
        return removed;
    }

    /**
     * @return bytes not yet read back
     */
    long remaining() {
        return this.size - this.readPosition;
    }

    /** Closes and deletes the file. */
    @Override
    public void close() {
        try {
            this.channel.close();
        }
        catch (IOException ex) {
            // deleting below is what matters
        }
        try {
            Files.deleteIfExists(this.path);
        }
        catch (IOException ex) {
            // nothing more can be done; start-up cleanup removes leftovers by prefix
        }
    }

}
