package dev.fcgi.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Test-only: one record as {@link RecordParser} reported it, content reassembled from its
 * chunks, and a driver that feeds a byte stream to a parser in chunks and checks the
 * event grammar on the way.
 *
 * @param type record type
 * @param requestId request id
 * @param contentLength content length from the header
 * @param paddingLength padding length from the header
 * @param contentHex the reassembled content, in hex so that records compare by value
 */
record ParsedRecord(int type, int requestId, int contentLength, int paddingLength, String contentHex) {

    byte[] content() {
        return HexFormat.of().parseHex(this.contentHex);
    }

    @Override
    public String toString() {
        return RecordType.nameOf(this.type) + " id=" + this.requestId + " len=" + this.contentLength + " pad="
                + this.paddingLength;
    }

    /** Parses a stream fed whole. */
    static List<ParsedRecord> parse(byte[] stream) throws FcgiProtocolException {
        return parse(stream, new int[0]);
    }

    /** Parses a stream fed as chunks cut at the given ascending positions. */
    static List<ParsedRecord> parse(byte[] stream, int... cuts) throws FcgiProtocolException {
        RecordParser parser = new RecordParser();
        List<ParsedRecord> records = new ArrayList<>();
        Assembly assembly = new Assembly();
        int start = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int end = (i < cuts.length) ? cuts[i] : stream.length;
            feed(parser, stream, start, end - start, assembly, records);
            start = end;
        }
        if (!parser.atRecordBoundary() || assembly.open) {
            throw new AssertionError("stream ended inside a record");
        }
        return records;
    }

    /** Parses a stream fed one byte per call. */
    static List<ParsedRecord> parseByteByByte(byte[] stream) throws FcgiProtocolException {
        RecordParser parser = new RecordParser();
        List<ParsedRecord> records = new ArrayList<>();
        Assembly assembly = new Assembly();
        for (int i = 0; i < stream.length; i++) {
            feed(parser, stream, i, 1, assembly, records);
        }
        if (!parser.atRecordBoundary() || assembly.open) {
            throw new AssertionError("stream ended inside a record");
        }
        return records;
    }

    /**
     * Feeds one chunk through a sliced heap buffer whose backing array has foreign bytes
     * around the chunk, so that a wrong {@code contentOffset()} shows up as wrong
     * content.
     */
    private static void feed(RecordParser parser, byte[] stream, int offset, int length, Assembly assembly,
            List<ParsedRecord> records) throws FcgiProtocolException {
        byte[] backing = new byte[length + 5];
        Arrays.fill(backing, (byte) 0xEE);
        System.arraycopy(stream, offset, backing, 3, length);
        ByteBuffer in = ByteBuffer.wrap(backing, 1, length + 3).slice();
        in.position(2).limit(2 + length);
        while (true) {
            int event = parser.next(in);
            switch (event) {
                case RecordParser.NEED_INPUT -> {
                    if (in.hasRemaining()) {
                        throw new AssertionError("NEED_INPUT with " + in.remaining() + " bytes unconsumed");
                    }
                    return;
                }
                case RecordParser.HEADER -> {
                    if (assembly.open) {
                        throw new AssertionError("HEADER before END of " + assembly.header(parser));
                    }
                    assembly.open = true;
                    assembly.type = parser.type();
                    assembly.requestId = parser.requestId();
                    assembly.contentLength = parser.contentLength();
                    assembly.paddingLength = parser.paddingLength();
                    assembly.content.reset();
                    if (parser.contentRemaining() != parser.contentLength()) {
                        throw new AssertionError("contentRemaining() at HEADER is " + parser.contentRemaining());
                    }
                }
                case RecordParser.CONTENT -> {
                    if (!assembly.open) {
                        throw new AssertionError("CONTENT outside a record");
                    }
                    if (parser.contentChunkLength() <= 0) {
                        throw new AssertionError("empty CONTENT chunk");
                    }
                    assembly.content.write(in.array(), parser.contentOffset(), parser.contentChunkLength());
                    if (parser.contentRemaining() != assembly.contentLength - assembly.content.size()) {
                        throw new AssertionError("contentRemaining() out of step");
                    }
                }
                case RecordParser.END -> {
                    if (!assembly.open) {
                        throw new AssertionError("END outside a record");
                    }
                    if (assembly.content.size() != assembly.contentLength) {
                        throw new AssertionError("END after " + assembly.content.size() + " of "
                                + assembly.contentLength + " content bytes");
                    }
                    if (!parser.atRecordBoundary()) {
                        throw new AssertionError("not at a record boundary after END");
                    }
                    records.add(new ParsedRecord(assembly.type, assembly.requestId, assembly.contentLength,
                            assembly.paddingLength, HexFormat.of().formatHex(assembly.content.toByteArray())));
                    assembly.open = false;
                }
                default -> throw new AssertionError("unknown event " + event);
            }
        }
    }

    private static final class Assembly {

        boolean open;

        int type;

        int requestId;

        int contentLength;

        int paddingLength;

        final ByteArrayOutputStream content = new ByteArrayOutputStream();

        String header(RecordParser parser) {
            return RecordType.nameOf(this.type) + " id=" + this.requestId;
        }

    }

}
