package dev.fcgi.tomcat;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.apache.tomcat.util.net.ApplicationBufferHandler;

/**
 * A body handed to the application straight from the STDIN records, chunk by chunk as
 * they arrive, without copying: the application reads from the connection's own read
 * buffer.
 */
final class StreamedBody implements BodySource {

    /** The STDIN records of the request being served. */
    interface Chunks {

        /**
         * Waits for the next chunk of the body.
         * @return the chunk, valid until the next call, or null at the end of the body
         * @throws IOException when the connection fails, the request is aborted or the
         * body is over its limit
         */
        ByteBuffer next() throws IOException;

        /**
         * @return whether a chunk may be readable without waiting
         */
        boolean mayHaveMore();

        /**
         * @return whether STDIN has ended
         */
        boolean ended();

    }

    private final Chunks chunks;

    /**
     * @param chunks where the chunks come from
     */
    StreamedBody(Chunks chunks) {
        this.chunks = chunks;
    }

    @Override
    public int doRead(ApplicationBufferHandler handler) throws IOException {
        ByteBuffer chunk = this.chunks.next();
        if (chunk == null) {
            return -1;
        }
        handler.setByteBuffer(chunk);
        return chunk.remaining();
    }

    @Override
    public int available() {
        // Reading more here could move bytes under a chunk the application still holds.
        return this.chunks.mayHaveMore() ? 1 : 0;
    }

    @Override
    public boolean isFinished() {
        return this.chunks.ended();
    }

    @Override
    public void recycle() {
        // The chunks belong to the connection's read buffer.
    }

}
