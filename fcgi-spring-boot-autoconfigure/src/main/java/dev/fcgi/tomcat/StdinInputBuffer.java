package dev.fcgi.tomcat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import dev.fcgi.protocol.FcgiProtocolException;

import org.apache.coyote.InputBuffer;
import org.apache.tomcat.util.buf.ByteChunk;
import org.apache.tomcat.util.net.ApplicationBufferHandler;

/**
 * A request's body as the servlet stack reads it (a Coyote {@link InputBuffer}, the
 * counterpart of {@link StdoutOutputBuffer}). It counts the STDIN bytes against
 * CONTENT_LENGTH and the body size limit, and picks where the application reads from: a
 * body of known length up to the spill threshold is gathered in memory; a larger one, or
 * one of unknown length, is either gathered (in memory until the threshold, then in a
 * spill file) or streamed to the application as it arrives, as {@link LargeBodyMode}
 * says.
 */
final class StdinInputBuffer implements InputBuffer {

    /** The connector's settings for request bodies, read as each request starts. */
    interface Settings {

        /**
         * @return bytes a body may have in memory before it goes to a file
         */
        int spillThreshold();

        /**
         * @return the largest body accepted, -1 for no limit
         */
        long maxBodySize();

        /**
         * @return what happens to bodies over the spill threshold
         */
        LargeBodyMode largeBodyMode();

        /**
         * @return the directory spill files go to
         */
        Path spillDirectory();

        /** Counts a body that went to a spill file. */
        void bodySpilled();

    }

    private final Settings settings;

    private final MemoryBody memory = new MemoryBody();

    private final SpilledBody spilled;

    private final StreamedBody streamed;

    private BodySource source = BodySource.NONE;

    private int requestId;

    private long expected = -1;

    private long received;

    private boolean overLimit;

    /**
     * @param settings the connector's body settings
     * @param readBufferSize bytes read back from a spill file at once
     * @param chunks the STDIN records, for a streamed body
     */
    StdinInputBuffer(Settings settings, int readBufferSize, StreamedBody.Chunks chunks) {
        this.settings = settings;
        this.spilled = new SpilledBody(readBufferSize);
        this.streamed = new StreamedBody(chunks);
    }

    /**
     * Starts a request's body.
     * @param requestId the request's id, for messages
     * @param contentLength CONTENT_LENGTH, -1 when not given
     * @return false, and nothing will be kept, when CONTENT_LENGTH is over the body size
     * limit
     */
    boolean start(int requestId, long contentLength) {
        this.requestId = requestId;
        this.expected = contentLength;
        if (exceedsLimit(contentLength)) {
            return false;
        }
        if (contentLength >= 0 && contentLength <= this.settings.spillThreshold()) {
            this.memory.ensureCapacity((int) contentLength);
            this.source = this.memory;
        }
        else if (this.settings.largeBodyMode() == LargeBodyMode.SPILL) {
            // Small bodies of unknown length stay in memory; the file is created once the
            // threshold is passed.
            this.source = this.memory;
        }
        else {
            this.source = this.streamed;
        }
        return true;
    }

    /**
     * @return whether the body goes to the application as it arrives, rather than being
     * gathered first
     */
    boolean isStreamed() {
        return this.source == this.streamed;
    }

    /**
     * Counts STDIN bytes as they arrive, whatever becomes of them.
     * @param count bytes in the chunk
     * @throws FcgiProtocolException when STDIN carries more than CONTENT_LENGTH
     */
    void count(int count) throws FcgiProtocolException {
        this.received += count;
        if (this.expected >= 0 && this.received > this.expected) {
            throw new FcgiProtocolException("STDIN of request " + this.requestId + " carries more than CONTENT_LENGTH "
                    + this.expected + " bytes");
        }
    }

    /**
     * Checks, at the end of STDIN, that the body is as long as CONTENT_LENGTH said.
     * @throws FcgiProtocolException when it is shorter
     */
    void checkComplete() throws FcgiProtocolException {
        if (this.expected >= 0 && this.received < this.expected) {
            throw new FcgiProtocolException("STDIN of request " + this.requestId + " ended after " + this.received
                    + " of " + this.expected + " bytes");
        }
    }

    /**
     * Keeps a counted chunk of a body gathered before the application runs: in memory up
     * to the spill threshold, then in a spill file.
     * @param chunk the bytes, from position to limit (the position moves to the limit)
     * @return false, and the body dropped, when the body is now over the size limit
     * @throws IOException when the spill file cannot be written
     */
    boolean gather(ByteBuffer chunk) throws IOException {
        if (exceedsLimit(this.received)) {
            drop();
            return false;
        }
        if (this.source == this.memory) {
            int count = chunk.remaining();
            if (this.memory.append(chunk.array(), chunk.arrayOffset() + chunk.position(), count,
                    this.settings.spillThreshold())) {
                chunk.position(chunk.limit());
                return true;
            }
            this.spilled.open(this.settings.spillDirectory(), this.memory.contents());
            this.settings.bodySpilled();
            this.memory.recycle();
            this.source = this.spilled;
        }
        this.spilled.write(chunk);
        return true;
    }

    /**
     * Checks a counted chunk of a streamed body against the size limit.
     * @return false when the body is now over the limit: the application's read is to
     * fail, and the servlet stack answers such a failure with 400, which
     * {@link #isOverLimit()} lets the processor turn into 413
     */
    boolean acceptStreamed() {
        if (exceedsLimit(this.received)) {
            this.overLimit = true;
            return false;
        }
        return true;
    }

    private boolean exceedsLimit(long bytes) {
        long max = this.settings.maxBodySize();
        return max >= 0 && bytes > max;
    }

    /**
     * @return the text of a 413 answer: the body's declared or received size against the
     * limit
     */
    String limitExceeded() {
        long max = this.settings.maxBodySize();
        return exceedsLimit(this.expected) ? "Request body of " + this.expected + " bytes is larger than " + max
                : "Request body is larger than " + max + " bytes";
    }

    /**
     * @return whether a streamed body went over the size limit while the application read
     * it
     */
    boolean isOverLimit() {
        return this.overLimit;
    }

    /**
     * @return STDIN bytes counted so far
     */
    long received() {
        return this.received;
    }

    /** Readies a gathered body to be read by the application from its start. */
    void rewind() {
        this.memory.rewind();
    }

    /**
     * Replaces the body with bytes the servlet stack saved (a request body restored after
     * a FORM login).
     * @param body the saved body
     * @return whether the body was being streamed (STDIN may then still carry unread
     * bytes)
     */
    boolean replace(ByteChunk body) {
        boolean wasStreamed = isStreamed();
        this.memory.replace(body);
        this.source = this.memory;
        return wasStreamed;
    }

    /**
     * Deletes the spill file, if any: done before END_REQUEST, so nothing is left once
     * the web server sees the end.
     */
    void deleteSpillFile() {
        this.spilled.recycle();
    }

    private void drop() {
        this.spilled.recycle();
        this.memory.recycle();
        this.source = BodySource.NONE;
    }

    @Override
    public int doRead(ApplicationBufferHandler handler) throws IOException {
        return this.source.doRead(handler);
    }

    @Override
    public int available() {
        return this.source.available();
    }

    /**
     * @return whether the application has read the whole body
     */
    boolean isFinished() {
        return this.source.isFinished();
    }

    /** Forgets the request's body, for the next request; a spill file is deleted. */
    void recycle() {
        drop();
        this.requestId = 0;
        this.expected = -1;
        this.received = 0;
        this.overLimit = false;
    }

}
