package dev.fcgi.protocol;

import java.nio.ByteBuffer;

/**
 * A buffer that frames stream content (STDOUT, STDERR) into records as it is appended, so
 * that a whole batch of records leaves in one write. Content is copied once, from the
 * caller into this buffer; headers and padding are filled in around it. Records are cut
 * at 65,535 bytes and padded to a multiple of 8. Room is kept after the content for the
 * stream's end marker and an END_REQUEST record, so a response can end without a second
 * write.
 * <p>
 * Cycle: {@link #append} until {@link #isFull()} or the caller wants the bytes out, then
 * {@link #finish()} and write the returned buffer, then {@link #clear()}.
 */
public final class StreamRecordBuffer {

    private static final int TRAILER_ROOM = FcgiConstants.HEADER_LENGTH + 2 * FcgiConstants.HEADER_LENGTH
            + FcgiConstants.BEGIN_END_BODY_LENGTH;

    /**
     * Room content never takes: the largest padding of the open record, an end marker and
     * an END_REQUEST.
     */
    private static final int RESERVED_ROOM = FcgiConstants.MAX_ALIGNMENT_PADDING + 2 * FcgiConstants.HEADER_LENGTH
            + FcgiConstants.BEGIN_END_BODY_LENGTH;

    private final int contentCapacity;

    private final byte[] array;

    private final ByteBuffer buffer;

    private int type = RecordType.STDOUT;

    private int requestId = 1;

    private int position;

    private int recordStart = -1;

    private int recordContent;

    private int contentBuffered;

    /**
     * Creates a buffer.
     * @param contentCapacity content bytes gathered before {@link #isFull()} says so
     */
    public StreamRecordBuffer(int contentCapacity) {
        if (contentCapacity < 1) {
            throw new IllegalArgumentException("contentCapacity must be at least 1, was " + contentCapacity);
        }
        this.contentCapacity = contentCapacity;
        this.array = new byte[contentCapacity + RecordWriter.framingOverhead(contentCapacity)
                + FcgiConstants.HEADER_LENGTH + TRAILER_ROOM];
        this.buffer = ByteBuffer.wrap(this.array);
    }

    /**
     * Sets the stream the following content belongs to. Content already appended keeps
     * its stream: a switch closes the open record.
     * @param type stream record type
     * @param requestId request id
     */
    public void stream(int type, int requestId) {
        if (type != this.type || requestId != this.requestId) {
            closeRecord();
        }
        this.type = type;
        this.requestId = requestId;
    }

    /**
     * @return content bytes this buffer gathers before it is full
     */
    public int contentCapacity() {
        return this.contentCapacity;
    }

    /**
     * @return content bytes appended since the last {@link #clear()}
     */
    public int contentBuffered() {
        return this.contentBuffered;
    }

    /**
     * Tells whether no more content fits: the content capacity is reached, or (when a
     * batch holds several streams or records after an end marker) the array has no room
     * left for more records before the end marker and END_REQUEST that are always kept
     * free.
     * @return true when no more content fits
     */
    public boolean isFull() {
        return this.contentBuffered >= this.contentCapacity || arrayRoom() <= 0;
    }

    /**
     * Content bytes the array still holds, with the open or a new record's header and
     * padding and the trailer.
     */
    private int arrayRoom() {
        int header = (this.recordStart < 0) ? FcgiConstants.HEADER_LENGTH : 0;
        return this.array.length - this.position - header - RESERVED_ROOM;
    }

    /**
     * @return true when nothing at all (content or records) is buffered
     */
    public boolean isEmpty() {
        return this.position == 0;
    }

    /**
     * Copies as much of {@code src} as fits.
     * @param src content; its position advances past what was taken
     * @return bytes taken
     */
    public int append(ByteBuffer src) {
        int taken = 0;
        while (src.hasRemaining() && !isFull()) {
            int n = reserve(src.remaining());
            src.get(this.array, this.position, n);
            advance(n);
            taken += n;
        }
        return taken;
    }

    /**
     * Copies as much of {@code src[offset..offset+length)} as fits.
     * @param src content
     * @param offset first byte
     * @param length bytes offered
     * @return bytes taken
     */
    public int append(byte[] src, int offset, int length) {
        int taken = 0;
        while (taken < length && !isFull()) {
            int n = reserve(length - taken);
            System.arraycopy(src, offset + taken, this.array, this.position, n);
            advance(n);
            taken += n;
        }
        return taken;
    }

    private int reserve(int wanted) {
        int fits = arrayRoom();
        if (this.recordStart < 0) {
            this.recordStart = this.position;
            this.position += FcgiConstants.HEADER_LENGTH;
            this.recordContent = 0;
        }
        int room = Math.min(this.contentCapacity - this.contentBuffered,
                FcgiConstants.MAX_CONTENT_LENGTH - this.recordContent);
        return Math.min(wanted, Math.min(room, fits));
    }

    private void advance(int n) {
        this.position += n;
        this.recordContent += n;
        this.contentBuffered += n;
        if (this.recordContent == FcgiConstants.MAX_CONTENT_LENGTH) {
            closeRecord();
        }
    }

    private void closeRecord() {
        if (this.recordStart < 0) {
            return;
        }
        if (this.recordContent == 0) {
            this.position = this.recordStart;
        }
        else {
            int padding = RecordWriter.paddingFor(this.recordContent);
            RecordWriter.putHeader(this.array, this.recordStart, this.type, this.requestId, this.recordContent,
                    padding);
            for (int i = 0; i < padding; i++) {
                this.array[this.position++] = 0;
            }
        }
        this.recordStart = -1;
        this.recordContent = 0;
    }

    /** Appends the empty record that ends the stream. */
    public void appendEndOfStream() {
        closeRecord();
        RecordWriter.putHeader(this.array, this.position, this.type, this.requestId, 0, 0);
        this.position += FcgiConstants.HEADER_LENGTH;
    }

    /**
     * Appends an END_REQUEST record.
     * @param appStatus the application's status
     * @param protocolStatus the protocol status
     */
    public void appendEndRequest(int appStatus, int protocolStatus) {
        closeRecord();
        this.buffer.clear().position(this.position);
        RecordWriter.putEndRequest(this.buffer, this.requestId, appStatus, protocolStatus);
        this.position = this.buffer.position();
    }

    /**
     * Closes the open record and returns the bytes to write.
     * @return a buffer from 0 to the end of the last record, valid until {@link #clear()}
     */
    public ByteBuffer finish() {
        closeRecord();
        this.buffer.clear();
        this.buffer.limit(this.position);
        return this.buffer;
    }

    /** Empties the buffer for the next batch. */
    public void clear() {
        this.position = 0;
        this.recordStart = -1;
        this.recordContent = 0;
        this.contentBuffered = 0;
        this.buffer.clear();
    }

}
