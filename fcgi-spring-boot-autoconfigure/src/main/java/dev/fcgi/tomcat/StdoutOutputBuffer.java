package dev.fcgi.tomcat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import dev.fcgi.protocol.FcgiConstants;
import dev.fcgi.protocol.RecordType;
import dev.fcgi.protocol.RecordWriter;
import dev.fcgi.protocol.StreamRecordBuffer;

import org.apache.coyote.ActionCode;
import org.apache.coyote.OutputBuffer;
import org.apache.coyote.Response;

/**
 * The response side of a FastCGI request: the CGI head, the response body framed as
 * STDOUT records, when those records leave ({@link FlushMode}, with the first flush held
 * in {@code AUTO}: see {@link HeldFlush}), and the final records up to END_REQUEST.
 * Everything goes out through one gathering write per send on the {@link Channel} the
 * processor gives it, and the bytes that took are counted.
 * <p>
 * Created once per processor; {@link #nextRequest()} readies it for the connection's next
 * request without allocating.
 */
final class StdoutOutputBuffer implements OutputBuffer {

    /** Where the framed bytes go: the connection, to the processor. */
    interface Channel {

        /**
         * Writes {@code buffers[0..count)} in one gathering write, as far as the
         * connection takes them; what it does not take at once is written blocking.
         * @param buffers the buffers, each from its position to its limit
         * @param count how many of {@code buffers} to write
         * @param flush flush the connection's own buffer too
         * @throws IOException if the connection failed
         */
        void write(ByteBuffer[] buffers, int count, boolean flush) throws IOException;

        /**
         * The application's write failed: the connection cannot carry this response any
         * further.
         * @param ex what failed
         */
        void writeFailed(IOException ex);

        /**
         * The last records of the request are framed and counted, and are about to leave.
         * @param wireBytesOut the bytes sent since the last request ended, these last
         * records included
         */
        void ending(long wireBytesOut);

    }

    private final Response response;

    private final Supplier<FlushMode> flushMode;

    private final Supplier<ScheduledExecutorService> timer;

    private final Channel channel;

    private final CgiResponseHead head = new CgiResponseHead();

    private final StreamRecordBuffer stdout;

    private ByteBuffer headOut = ByteBuffer.allocate(1024);

    /**
     * The buffers of one gathering write: the prepared head, then records or a record
     * framed around a chunk.
     */
    private final ByteBuffer[] writeBuffers = new ByteBuffer[4];

    /**
     * Header and padding of a STDOUT record framed around the application's own buffer
     * (see writeDirect).
     */
    private final ByteBuffer directHeader = ByteBuffer.allocate(FcgiConstants.HEADER_LENGTH);

    private final ByteBuffer directPadding = ByteBuffer.allocate(FcgiConstants.MAX_ALIGNMENT_PADDING);

    private final HeldFlush heldFlush = new HeldFlush(() -> push(true, true));

    private int requestId;

    /** The head is decided (the response is committed) and not yet serialised. */
    private boolean headPending;

    /**
     * The head is serialised in {@code headOut} and goes out in front of the next write.
     */
    private boolean headReady;

    private boolean bodyless;

    private boolean entityHeaders;

    private boolean swallowResponse;

    private boolean stdoutEnded;

    private boolean finished;

    private long bytesWritten;

    /**
     * Bytes on the wire since the last request ended; passed on when the next one ends.
     */
    private long wireBytesOut;

    /**
     * @param response the response whose head and body this buffer writes;
     * {@code setOutputBuffer} is left to the caller
     * @param bufferSize how many content bytes are buffered before a STDOUT record goes
     * out
     * @param flushMode the connector's flush mode, read as each response needs it
     * @param timer where a held flush's checks run
     * @param channel where the framed bytes go
     */
    StdoutOutputBuffer(Response response, int bufferSize, Supplier<FlushMode> flushMode,
            Supplier<ScheduledExecutorService> timer, Channel channel) {
        this.response = response;
        this.flushMode = flushMode;
        this.timer = timer;
        this.channel = channel;
        this.stdout = new StreamRecordBuffer(bufferSize);
    }

    /**
     * Starts the response of a request: its records carry {@code requestId}.
     * @param requestId the request's id
     */
    void begin(int requestId) {
        this.requestId = requestId;
        this.stdout.stream(RecordType.STDOUT, requestId);
    }

    // ------------------------------------------------------------------ the head

    /**
     * Decides the head as the response is committed. As Tomcat's HTTP/1.1 processor: 1xx,
     * 204, 205 and 304 have no body and no Content-Length (205 says 0), and only 204
     * keeps Content-Type and Content-Language.
     */
    void prepareResponse() {
        int status = this.response.getStatus();
        boolean noBody = status < 200 || status == 204 || status == 205 || status == 304;
        if (noBody) {
            this.response.setContentLength(status == 205 ? 0 : -1);
        }
        this.entityHeaders = !noBody || status == 204;
        this.bodyless = noBody || "HEAD".equals(this.response.getRequest().getMethod());
        this.headPending = !this.swallowResponse;
    }

    /** Serialises the head into {@code headOut}, to go out with the next write. */
    private void serialiseHead(boolean explicitFlush) {
        this.headPending = false;
        String contentType = this.response.getContentType();
        boolean noBuffering = this.flushMode.get() != FlushMode.NEVER && (explicitFlush || isEventStream(contentType));
        this.head.write(this.response, contentType, this.entityHeaders, noBuffering);
        int length = this.head.length();
        int needed = length + RecordWriter.framingOverhead(length);
        if (this.headOut.capacity() < needed) {
            this.headOut = ByteBuffer.allocate(Math.max(needed, this.headOut.capacity() * 2));
        }
        this.headOut.clear();
        RecordWriter.putStream(this.headOut, RecordType.STDOUT, this.requestId, this.head.bytes(), 0, length);
        this.headOut.flip();
        this.headReady = true;
    }

    private static boolean isEventStream(String contentType) {
        return contentType != null && contentType.regionMatches(true, 0, "text/event-stream", 0, 17);
    }

    // ------------------------------------------------------------------ the body

    @Override
    public int doWrite(ByteBuffer chunk) throws IOException {
        if (!this.response.isCommitted()) {
            this.response.action(ActionCode.COMMIT, null);
        }
        int length = chunk.remaining();
        if (this.swallowResponse || this.bodyless) {
            chunk.position(chunk.limit());
            return length;
        }
        try {
            writeStdout(chunk);
        }
        catch (IOException ex) {
            this.channel.writeFailed(ex);
            throw ex;
        }
        this.bytesWritten += length;
        return length;
    }

    @Override
    public long getBytesWritten() {
        return this.bytesWritten;
    }

    private void writeStdout(ByteBuffer chunk) throws IOException {
        if (this.heldFlush.isHeld() && this.heldFlush.settle()) {
            // Written after a held flush: the response is streamed, and what was flushed
            // goes out first.
            push(true, true);
        }
        if (this.stdout.isEmpty() && chunk.remaining() >= this.stdout.contentCapacity()) {
            writeDirect(chunk);
        }
        while (chunk.hasRemaining()) {
            this.stdout.append(chunk);
            if (this.stdout.isFull()) {
                push(false, false);
            }
        }
        if (this.flushMode.get() == FlushMode.ALWAYS) {
            push(true, true);
        }
    }

    /**
     * Sends a chunk at least as large as the output buffer without copying it: each
     * record's header and padding are gathered around a window on the chunk itself (with
     * the pending head in front), one write per record of up to 65,535 bytes. Such a
     * chunk would fill the buffer and go out at once anyway; this saves the copy into it.
     */
    private void writeDirect(ByteBuffer chunk) throws IOException {
        if (this.headPending) {
            serialiseHead(false);
        }
        int limit = chunk.limit();
        try {
            while (chunk.hasRemaining()) {
                int length = Math.min(chunk.remaining(), FcgiConstants.MAX_CONTENT_LENGTH);
                int padding = RecordWriter.paddingFor(length);
                this.directHeader.clear();
                RecordWriter.putHeader(this.directHeader, RecordType.STDOUT, this.requestId, length, padding);
                this.directHeader.flip();
                chunk.limit(chunk.position() + length);
                int count = putHead();
                this.writeBuffers[count++] = this.directHeader;
                this.writeBuffers[count++] = chunk;
                if (padding > 0) {
                    this.directPadding.clear().limit(padding);
                    this.writeBuffers[count++] = this.directPadding;
                }
                countAndSend(count, false);
                chunk.limit(limit);
            }
        }
        finally {
            chunk.limit(limit);
        }
    }

    // ------------------------------------------------------------------ flushing

    /**
     * The application's flush.
     * @param async whether the request is asynchronous (then a flush is never held)
     * @throws IOException if the connection failed
     */
    void flush(boolean async) throws IOException {
        FlushMode mode = this.flushMode.get();
        if (this.finished || this.swallowResponse || mode == FlushMode.NEVER) {
            return;
        }
        if (mode == FlushMode.AUTO && this.headPending && !async && !isEventStream(this.response.getContentType())) {
            // Maybe the flush that closes a rendered page: see HeldFlush.
            this.heldFlush.hold(this.timer.get());
            return;
        }
        this.heldFlush.settle();
        push(true, true);
    }

    /**
     * A request that went asynchronous with a flush held streams: the held bytes go out
     * now.
     * @throws IOException if the connection failed
     */
    void releaseHeldFlush() throws IOException {
        if (this.heldFlush.isHeld() && this.heldFlush.settle()) {
            push(true, true);
        }
    }

    /**
     * Sends the pending head and buffered STDOUT.
     * @param explicitFlush the application asked for the bytes to go out now
     * @param flushSocket flush the socket's own buffer too
     */
    private void push(boolean explicitFlush, boolean flushSocket) throws IOException {
        if (this.headPending) {
            serialiseHead(explicitFlush);
        }
        countAndSend(putHeadAnd(this.stdout.isEmpty() ? null : this.stdout.finish()), flushSocket);
        this.stdout.clear();
    }

    // ------------------------------------------------------------------ the end

    /**
     * @return whether the response was ended ({@link #startEnd()})
     */
    boolean isFinished() {
        return this.finished;
    }

    /**
     * Starts ending the response: a flush still held closed it, so the response is an
     * ordinary one, and its head is serialised. Nothing is sent yet.
     * @throws IOException if a held flush the timer sent failed
     */
    void startEnd() throws IOException {
        this.finished = true;
        this.heldFlush.settle();
        if (!this.swallowResponse && this.headPending) {
            serialiseHead(false);
        }
    }

    /**
     * Sends the head and the whole response with its end-of-stream record, before the
     * rest of the request body is waited for.
     * @throws IOException if the connection failed
     */
    void sendEndOfStream() throws IOException {
        if (this.swallowResponse) {
            return;
        }
        this.stdout.appendEndOfStream();
        this.stdoutEnded = true;
        push(false, true);
    }

    /**
     * Sends what is left of the response, its end-of-stream record and END_REQUEST in one
     * write, telling the channel first ({@link Channel#ending}).
     * @param protocolStatus END_REQUEST's protocol status
     * @throws IOException if the connection failed
     */
    void end(int protocolStatus) throws IOException {
        if (this.swallowResponse) {
            // Aborted: whatever was buffered is dropped; the web server waits only for
            // END_REQUEST.
            this.stdout.clear();
        }
        else if (!this.stdoutEnded) {
            this.stdout.appendEndOfStream();
            this.stdoutEnded = true;
        }
        this.stdout.appendEndRequest(0, protocolStatus);
        int count = putHeadAnd(this.stdout.finish());
        count(count);
        this.channel.ending(this.wireBytesOut);
        send(count, true);
        this.stdout.clear();
        this.wireBytesOut = 0;
    }

    /**
     * Sends a management record or another request's END_REQUEST, behind a head already
     * serialised, and flushes.
     * @param record the record, from its position to its limit
     * @throws IOException if the connection failed
     */
    void writeRecord(ByteBuffer record) throws IOException {
        countAndSend(putHeadAnd(record), true);
    }

    /**
     * Drops the response's bytes from now on: the request was aborted, or Tomcat asked
     * to.
     */
    void setSwallowResponse() {
        this.swallowResponse = true;
    }

    // ------------------------------------------------------------------ the gathering
    // write

    /**
     * Puts the serialised head (if any) and {@code records} in {@code writeBuffers};
     * returns how many it took.
     */
    private int putHeadAnd(ByteBuffer records) {
        int count = putHead();
        if (records != null && records.hasRemaining()) {
            this.writeBuffers[count++] = records;
        }
        return count;
    }

    /**
     * Puts the serialised head, if any, first in {@code writeBuffers}; returns how many
     * buffers it took (0 or 1).
     */
    private int putHead() {
        if (!this.headReady) {
            return 0;
        }
        this.headReady = false;
        this.writeBuffers[0] = this.headOut;
        return 1;
    }

    private void countAndSend(int count, boolean flush) throws IOException {
        count(count);
        send(count, flush);
    }

    private void count(int count) {
        for (int i = 0; i < count; i++) {
            this.wireBytesOut += this.writeBuffers[i].remaining();
        }
    }

    private void send(int count, boolean flush) throws IOException {
        try {
            this.channel.write(this.writeBuffers, count, flush);
        }
        finally {
            for (int i = 0; i < count; i++) {
                this.writeBuffers[i] = null;
            }
        }
    }

    // ------------------------------------------------------------------ recycling

    /** Readies the buffer for the connection's next request; a held flush is dropped. */
    void nextRequest() {
        this.heldFlush.discard();
        this.requestId = 0;
        this.headPending = false;
        this.headReady = false;
        this.bodyless = false;
        this.entityHeaders = false;
        this.swallowResponse = false;
        this.stdoutEnded = false;
        this.finished = false;
        this.bytesWritten = 0;
        this.stdout.clear();
    }

    /** Readies the buffer for another connection. */
    void recycle() {
        nextRequest();
        this.wireBytesOut = 0;
    }

}
