package dev.fcgi.tomcat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import org.apache.tomcat.util.net.ApplicationBufferHandler;

/**
 * A body too large for memory, written to a {@link SpillFile} as STDIN arrives and read
 * back from it by the application. The file is deleted on {@link #recycle()}, which the
 * processor calls before END_REQUEST leaves.
 */
final class SpilledBody implements BodySource {

    private final int readBufferSize;

    private ByteBuffer readBuffer;

    private SpillFile file;

    /**
     * @param readBufferSize bytes read back from the file at once
     */
    SpilledBody(int readBufferSize) {
        this.readBufferSize = readBufferSize;
    }

    /**
     * Creates the spill file and writes the body gathered so far into it.
     * @param directory where the file goes
     * @param gathered the bytes gathered in memory so far
     * @throws IOException if the file cannot be created or written
     */
    void open(Path directory, ByteBuffer gathered) throws IOException {
        this.file = SpillFile.create(directory);
        this.file.write(gathered);
    }

    /**
     * Appends a chunk to the file.
     * @param chunk the bytes, from position to limit
     * @throws IOException on a disk error
     */
    void write(ByteBuffer chunk) throws IOException {
        this.file.write(chunk);
    }

    @Override
    public int doRead(ApplicationBufferHandler handler) throws IOException {
        if (this.file == null) {
            return -1;
        }
        if (this.readBuffer == null) {
            this.readBuffer = ByteBuffer.allocate(this.readBufferSize);
        }
        int n = this.file.read(this.readBuffer);
        if (n < 0) {
            return -1;
        }
        handler.setByteBuffer(this.readBuffer);
        return n;
    }

    @Override
    public int available() {
        return (this.file != null) ? (int) Math.min(this.file.remaining(), Integer.MAX_VALUE) : 0;
    }

    @Override
    public boolean isFinished() {
        return this.file == null || this.file.remaining() == 0;
    }

    /** Deletes the file, if there is one. */
    @Override
    public void recycle() {
        if (this.file != null) {
            this.file.close();
            this.file = null;
        }
    }

}
