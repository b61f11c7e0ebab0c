package dev.fcgi.protocol;

import java.nio.ByteBuffer;

/**
 * Writes whole records into a buffer: headers, END_REQUEST, UNKNOWN_TYPE, and stream
 * content split into records of at most 65,535 bytes, each padded to a multiple of 8.
 */
public final class RecordWriter {

    private RecordWriter() {
    }

    /**
     * Padding that brings a content length to a multiple of 8.
     * @param contentLength content bytes of a record
     * @return 0 to {@link FcgiConstants#MAX_ALIGNMENT_PADDING}
     */
    public static int paddingFor(int contentLength) {
        return (-contentLength) & FcgiConstants.MAX_ALIGNMENT_PADDING;
    }

    /**
     * Bytes the framing of a stream adds when {@code contentLength} bytes are written as
     * records.
     * @param contentLength stream bytes
     * @return header and padding bytes of all records needed (at least one header)
     */
    public static int framingOverhead(int contentLength) {
        int records = Math.max(1,
                (contentLength + FcgiConstants.MAX_CONTENT_LENGTH - 1) / FcgiConstants.MAX_CONTENT_LENGTH);
        return records * (FcgiConstants.HEADER_LENGTH + FcgiConstants.MAX_ALIGNMENT_PADDING);
    }

    /**
     * Writes a record header at the buffer's position.
     * @param out the buffer
     * @param type record type
     * @param requestId request id
     * @param contentLength content length, 0 to 65,535
     * @param paddingLength padding length, 0 to 255
     */
    public static void putHeader(ByteBuffer out, int type, int requestId, int contentLength, int paddingLength) {
        out.put((byte) FcgiConstants.VERSION);
        out.put((byte) type);
        out.putShort((short) requestId);
        out.putShort((short) contentLength);
        out.put((byte) paddingLength);
        out.put((byte) 0);
    }

    /**
     * Writes a record header into an array.
     * @param out the array
     * @param offset where the 8 header bytes go
     * @param type record type
     * @param requestId request id
     * @param contentLength content length, 0 to 65,535
     * @param paddingLength padding length, 0 to 255
     */
    public static void putHeader(byte[] out, int offset, int type, int requestId, int contentLength,
            int paddingLength) {
        out[offset] = (byte) FcgiConstants.VERSION;
        out[offset + 1] = (byte) type;
        out[offset + 2] = (byte) (requestId >>> 8);
        out[offset + 3] = (byte) requestId;
        out[offset + 4] = (byte) (contentLength >>> 8);
        out[offset + 5] = (byte) contentLength;
        out[offset + 6] = (byte) paddingLength;
        out[offset + 7] = 0;
    }

    /**
     * Writes an END_REQUEST record (16 bytes).
     * @param out the buffer
     * @param requestId request id
     * @param appStatus the application's exit status
     * @param protocolStatus one of the protocol status values in {@link FcgiConstants}
     */
    public static void putEndRequest(ByteBuffer out, int requestId, int appStatus, int protocolStatus) {
        putHeader(out, RecordType.END_REQUEST, requestId, FcgiConstants.BEGIN_END_BODY_LENGTH, 0);
        out.putInt(appStatus);
        out.put((byte) protocolStatus);
        out.put((byte) 0);
        out.put((byte) 0);
        out.put((byte) 0);
    }

    /**
     * Writes an UNKNOWN_TYPE management record (16 bytes).
     * @param out the buffer
     * @param unknownType the type that was not understood
     */
    public static void putUnknownType(ByteBuffer out, int unknownType) {
        putHeader(out, RecordType.UNKNOWN_TYPE, FcgiConstants.NULL_REQUEST_ID, 8, 0);
        out.put((byte) unknownType);
        putZeros(out, 7);
    }

    /**
     * Writes an empty record, the end marker of a stream (8 bytes).
     * @param out the buffer
     * @param type stream type, such as {@link RecordType#STDOUT}
     * @param requestId request id
     */
    public static void putEndOfStream(ByteBuffer out, int type, int requestId) {
        putHeader(out, type, requestId, 0, 0);
    }

    /**
     * Writes stream content as records of at most 65,535 bytes, each padded to a multiple
     * of 8. Writes nothing for empty content (an empty record would end the stream).
     * @param out the buffer; needs {@code length + framingOverhead(length)} bytes of room
     * @param type stream type
     * @param requestId request id
     * @param src content
     * @param offset where the content starts
     * @param length content length
     */
    public static void putStream(ByteBuffer out, int type, int requestId, byte[] src, int offset, int length) {
        int end = offset + length;
        while (offset < end) {
            int n = Math.min(end - offset, FcgiConstants.MAX_CONTENT_LENGTH);
            int padding = paddingFor(n);
            putHeader(out, type, requestId, n, padding);
            out.put(src, offset, n);
            putZeros(out, padding);
            offset += n;
        }
    }

    /**
     * Writes zero bytes, for padding and reserved fields (never leave old buffer contents
     * on the wire).
     * @param out the buffer
     * @param count how many
     */
    public static void putZeros(ByteBuffer out, int count) {
        for (int i = 0; i < count; i++) {
            out.put((byte) 0);
        }
    }

}
