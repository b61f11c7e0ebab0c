package dev.fcgi.tomcat;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

import dev.fcgi.protocol.BeginRequestBody;
import dev.fcgi.protocol.FcgiConstants;
import dev.fcgi.protocol.FcgiProtocolException;
import dev.fcgi.protocol.RecordParser;
import dev.fcgi.protocol.RecordType;

/**
 * The input side of a FastCGI connection: reads the socket into one buffer and turns the
 * records found there into {@link RecordEvent}s, one per call. The content of PARAMS and
 * STDIN records is reported where it lies in the buffer, never copied; the small bodies
 * of BEGIN_REQUEST and GET_VALUES are collected whole first. Records of other types are
 * skipped.
 * <p>
 * A content chunk stays valid until the next call of {@link #next(boolean)}. One instance
 * serves one connection at a time and is reused for the next after {@link #recycle()}.
 */
final class RecordInput {

    /**
     * Most bytes of a BEGIN_REQUEST or GET_VALUES body kept; the rest is read and
     * dropped.
     */
    static final int COLLECT_LIMIT = 1024;

    /** Where the connection's bytes come from. */
    interface Source {

        /**
         * Reads what is available into the buffer, between its position and limit.
         * @param block wait until at least one byte arrives
         * @param into the buffer to fill
         * @return bytes read, 0 when none is available without blocking, -1 at the end of
         * input
         * @throws IOException when the read fails
         */
        int read(boolean block, ByteBuffer into) throws IOException;

    }

    private final Source source;

    private final RecordParser parser = new RecordParser();

    private final byte[] array;

    private final ByteBuffer buffer;

    private final ByteBuffer contentView;

    private final byte[] collected = new byte[COLLECT_LIMIT];

    private boolean collecting;

    private int collectedLength;

    private boolean endOfInput;

    private long bytesRead;

    private int role;

    private boolean keepConnection;

    private int contentOffset;

    private int contentLength;

    /**
     * @param source where the bytes come from
     * @param bufferSize bytes read from the socket at most at once
     */
    RecordInput(Source source, int bufferSize) {
        this.source = source;
        this.array = new byte[bufferSize];
        this.buffer = ByteBuffer.wrap(this.array);
        this.buffer.flip();
        this.contentView = ByteBuffer.wrap(this.array);
    }

    /**
     * Reads up to the next event.
     * @param block wait for input when none is buffered; the end of input is then an
     * {@link EOFException}
     * @return what the input said; {@link RecordEvent#NEED_INPUT} and
     * {@link RecordEvent#END_OF_INPUT} only when not blocking
     * @throws IOException when reading fails, or when the records break the protocol
     */
    RecordEvent next(boolean block) throws IOException {
        while (true) {
            switch (this.parser.next(this.buffer)) {
                case RecordParser.HEADER -> startRecord();
                case RecordParser.CONTENT -> {
                    RecordEvent event = content();
                    if (event != null) {
                        return event;
                    }
                }
                case RecordParser.END -> {
                    RecordEvent event = endRecord();
                    if (event != null) {
                        return event;
                    }
                }
                default -> {
                    RecordEvent dry = fill(block);
                    if (dry != null) {
                        return dry;
                    }
                }
            }
        }
    }

    private void startRecord() {
        int type = this.parser.type();
        this.collecting = (this.parser.requestId() == FcgiConstants.NULL_REQUEST_ID) ? type == RecordType.GET_VALUES
                : type == RecordType.BEGIN_REQUEST;
        this.collectedLength = 0;
    }

    private RecordEvent content() {
        int offset = this.parser.contentOffset();
        int length = this.parser.contentChunkLength();
        if (this.collecting) {
            int n = Math.min(length, COLLECT_LIMIT - this.collectedLength);
            System.arraycopy(this.array, offset, this.collected, this.collectedLength, n);
            this.collectedLength += n;
            return null;
        }
        if (this.parser.requestId() == FcgiConstants.NULL_REQUEST_ID) {
            return null;
        }
        this.contentOffset = offset;
        this.contentLength = length;
        return switch (this.parser.type()) {
            case RecordType.PARAMS -> RecordEvent.PARAMS;
            case RecordType.STDIN -> RecordEvent.STDIN;
            default -> null;
        };
    }

    private RecordEvent endRecord() throws FcgiProtocolException {
        int type = this.parser.type();
        if (this.parser.requestId() == FcgiConstants.NULL_REQUEST_ID) {
            return (type == RecordType.GET_VALUES) ? RecordEvent.GET_VALUES : RecordEvent.UNKNOWN_MANAGEMENT;
        }
        boolean empty = this.parser.contentLength() == 0;
        return switch (type) {
            case RecordType.BEGIN_REQUEST -> beginRequest();
            case RecordType.PARAMS -> empty ? RecordEvent.PARAMS_END : null;
            case RecordType.STDIN -> empty ? RecordEvent.STDIN_END : null;
            case RecordType.ABORT_REQUEST -> RecordEvent.ABORT_REQUEST;
            default -> null;
        };
    }

    private RecordEvent beginRequest() throws FcgiProtocolException {
        if (this.collectedLength != FcgiConstants.BEGIN_END_BODY_LENGTH) {
            throw new FcgiProtocolException("BEGIN_REQUEST body of " + this.collectedLength + " bytes for request "
                    + this.parser.requestId() + " (expected 8)");
        }
        this.role = BeginRequestBody.role(this.collected, 0);
        this.keepConnection = BeginRequestBody.keepConnection(this.collected, 0);
        return RecordEvent.BEGIN_REQUEST;
    }

    private RecordEvent fill(boolean block) throws IOException {
        this.buffer.compact();
        int n;
        try {
            n = this.source.read(block, this.buffer);
        }
        finally {
            this.buffer.flip();
        }
        if (n < 0) {
            this.endOfInput = true;
            if (block) {
                throw new EOFException("FastCGI connection closed by the web server");
            }
            return RecordEvent.END_OF_INPUT;
        }
        this.bytesRead += n;
        return (n == 0) ? RecordEvent.NEED_INPUT : null;
    }

    /**
     * @return the request id of the record the last event came from
     */
    int requestId() {
        return this.parser.requestId();
    }

    /**
     * @return the role asked for by the last {@link RecordEvent#BEGIN_REQUEST}
     */
    int role() {
        return this.role;
    }

    /**
     * @return whether the last {@link RecordEvent#BEGIN_REQUEST} asked to keep the
     * connection
     */
    boolean keepConnection() {
        return this.keepConnection;
    }

    /**
     * @return the type of the record the last event came from
     */
    int recordType() {
        return this.parser.type();
    }

    /**
     * @return the array that holds the content chunks
     */
    byte[] array() {
        return this.array;
    }

    /**
     * @return where the last PARAMS or STDIN chunk starts in {@link #array()}
     */
    int contentOffset() {
        return this.contentOffset;
    }

    /**
     * @return the length of the last PARAMS or STDIN chunk
     */
    int contentLength() {
        return this.contentLength;
    }

    /**
     * @return the last PARAMS or STDIN chunk as a buffer over {@link #array()} (the same
     * instance every time)
     */
    ByteBuffer contentView() {
        this.contentView.clear().position(this.contentOffset).limit(this.contentOffset + this.contentLength);
        return this.contentView;
    }

    /**
     * @return the collected body of the last GET_VALUES record (its first
     * {@link #collectedLength()} bytes)
     */
    byte[] collected() {
        return this.collected;
    }

    /**
     * @return bytes collected of the last GET_VALUES record, at most
     * {@link #COLLECT_LIMIT}
     */
    int collectedLength() {
        return this.collectedLength;
    }

    /**
     * @return true between records: no partial header, content or padding is pending
     */
    boolean atRecordBoundary() {
        return this.parser.atRecordBoundary();
    }

    /**
     * @return whether bytes were read from the socket and not yet turned into events
     */
    boolean hasBufferedInput() {
        return this.buffer.hasRemaining();
    }

    /**
     * @return whether the web server closed its side
     */
    boolean isEndOfInput() {
        return this.endOfInput;
    }

    /**
     * Hands over the count of bytes read since the last call, for the statistics.
     * @return bytes read from the socket since the last call
     */
    long takeBytesRead() {
        long n = this.bytesRead;
        this.bytesRead = 0;
        return n;
    }

    /**
     * Forgets the connection: buffered bytes, a partial record, the end of input and the
     * byte count.
     */
    void recycle() {
        this.parser.reset();
        this.buffer.clear().flip();
        this.collecting = false;
        this.collectedLength = 0;
        this.endOfInput = false;
        this.bytesRead = 0;
        this.contentLength = 0;
    }

}
