package dev.fcgi.protocol;

import java.nio.ByteBuffer;

/**
 * Incremental FastCGI record parser. It is fed any slice of the byte stream, split at any
 * byte, and reports what it found one event at a time, without copying content: a
 * {@link #CONTENT} event names a region of the caller's buffer.
 * <p>
 * Typical use:
 * <p>
 * <pre>{@code
 * while (true) {
 *     switch (parser.next(buffer)) {
 *         case RecordParser.HEADER -> ...   // type(), requestId(), contentLength() are valid
 *         case RecordParser.CONTENT -> ...  // buffer.array()[contentOffset() .. + contentChunkLength()]
 *         case RecordParser.END -> ...      // the record, padding included, is consumed
 *         case RecordParser.NEED_INPUT -> ... // read more into the buffer, then call again
 *     }
 * }
 * }</pre>
 * <p>
 * Every record yields exactly one {@code HEADER}, zero or more {@code CONTENT} and one
 * {@code END} event. Padding is skipped. A header with a version other than 1 is
 * rejected. Not thread-safe; one parser per connection.
 */
public final class RecordParser {

    /** The buffer holds no further complete event: read more input. */
    public static final int NEED_INPUT = 0;

    /**
     * A record header was read: {@link #type()}, {@link #requestId()} and
     * {@link #contentLength()} are valid.
     */
    public static final int HEADER = 1;

    /**
     * A chunk of the current record's content is at {@link #contentOffset()} in the
     * buffer's array.
     */
    public static final int CONTENT = 2;

    /** The current record ended (content and padding consumed). */
    public static final int END = 3;

    private static final int IN_HEADER = 0;

    private static final int IN_CONTENT = 1;

    private static final int IN_PADDING = 2;

    private static final int AT_END = 3;

    private final byte[] header = new byte[FcgiConstants.HEADER_LENGTH];

    private int headerFill;

    private int state = IN_HEADER;

    private int type;

    private int requestId;

    private int contentLength;

    private int paddingLength;

    private int contentLeft;

    private int paddingLeft;

    private int chunkOffset;

    private int chunkLength;

    /**
     * Advances over {@code in} to the next event. The buffer must be a heap buffer in
     * read mode; its position moves past what the event consumed.
     * @param in bytes received, from position to limit
     * @return {@link #NEED_INPUT}, {@link #HEADER}, {@link #CONTENT} or {@link #END}
     * @throws FcgiProtocolException if a header has a version other than 1
     */
    public int next(ByteBuffer in) throws FcgiProtocolException {
        while (true) {
            switch (this.state) {
                case IN_HEADER -> {
                    if (!fillHeader(in)) {
                        return NEED_INPUT;
                    }
                    decodeHeader();
                    this.state = (this.contentLeft > 0) ? IN_CONTENT : IN_PADDING;
                    if (this.state == IN_PADDING && this.paddingLeft == 0) {
                        this.state = AT_END;
                    }
                    return HEADER;
                }
                case IN_CONTENT -> {
                    int n = Math.min(this.contentLeft, in.remaining());
                    if (n == 0) {
                        return NEED_INPUT;
                    }
                    this.chunkOffset = in.arrayOffset() + in.position();
                    this.chunkLength = n;
                    in.position(in.position() + n);
                    this.contentLeft -= n;
                    if (this.contentLeft == 0) {
                        this.state = (this.paddingLeft > 0) ? IN_PADDING : AT_END;
                    }
                    return CONTENT;
                }
                case IN_PADDING -> {
                    int n = Math.min(this.paddingLeft, in.remaining());
                    in.position(in.position() + n);
                    this.paddingLeft -= n;
                    if (this.paddingLeft > 0) {
                        return NEED_INPUT;
                    }
                    this.state = AT_END;
                }
                default -> {
                    this.state = IN_HEADER;
                    this.headerFill = 0;
                    return END;
                }
            }
        }
    }

    private boolean fillHeader(ByteBuffer in) {
        if (this.headerFill == 0 && in.remaining() >= FcgiConstants.HEADER_LENGTH) {
            in.get(this.header);
            this.headerFill = FcgiConstants.HEADER_LENGTH;
            return true;
        }
        int n = Math.min(FcgiConstants.HEADER_LENGTH - this.headerFill, in.remaining());
        in.get(this.header, this.headerFill, n);
        this.headerFill += n;
        return this.headerFill == FcgiConstants.HEADER_LENGTH;
    }

    private void decodeHeader() throws FcgiProtocolException {
        int version = this.header[0] & 0xFF;
        if (version != FcgiConstants.VERSION) {
            throw new FcgiProtocolException("Unsupported FastCGI version " + version + " (expected 1)");
        }
        this.type = this.header[1] & 0xFF;
        this.requestId = ((this.header[2] & 0xFF) << 8) | (this.header[3] & 0xFF);
        this.contentLength = ((this.header[4] & 0xFF) << 8) | (this.header[5] & 0xFF);
        this.paddingLength = this.header[6] & 0xFF;
        this.contentLeft = this.contentLength;
        this.paddingLeft = this.paddingLength;
    }

    /**
     * @return the current record's type, valid from its {@link #HEADER} event on
     */
    public int type() {
        return this.type;
    }

    /**
     * @return the current record's request id
     */
    public int requestId() {
        return this.requestId;
    }

    /**
     * @return the current record's content length (0 marks the end of a stream)
     */
    public int contentLength() {
        return this.contentLength;
    }

    /**
     * @return the current record's padding length
     */
    public int paddingLength() {
        return this.paddingLength;
    }

    /**
     * @return index in the buffer's backing array where the last {@link #CONTENT} chunk
     * starts
     */
    public int contentOffset() {
        return this.chunkOffset;
    }

    /**
     * @return length of the last {@link #CONTENT} chunk
     */
    public int contentChunkLength() {
        return this.chunkLength;
    }

    /**
     * @return bytes of the current record's content not yet reported
     */
    public int contentRemaining() {
        return this.contentLeft;
    }

    /**
     * @return true between records: no partial header, content or padding is pending
     */
    public boolean atRecordBoundary() {
        return this.state == IN_HEADER && this.headerFill == 0;
    }

    /** Forgets any partial record, for reuse on a new connection. */
    public void reset() {
        this.state = IN_HEADER;
        this.headerFill = 0;
        this.contentLeft = 0;
        this.paddingLeft = 0;
    }

}
