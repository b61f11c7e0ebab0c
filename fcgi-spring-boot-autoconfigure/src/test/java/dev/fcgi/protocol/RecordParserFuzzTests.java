package dev.fcgi.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of {@link RecordParser}: a byte stream cut into pieces at
 * points the fuzzer chooses must parse to exactly what the whole stream parses to, and
 * nothing but {@link FcgiProtocolException} may be thrown.
 * <p>
 * The fuzzer's bytes are read from the end for the cuts (a count, then the cut positions)
 * and the rest is the stream. Each piece sits in its own array at a non-zero offset,
 * behind a buffer whose array offset is non-zero too, so a content offset computed from
 * the wrong base shows up as wrong content. Seeds, under
 * {@code RecordParserFuzzTestsInputs/splitAnywhere}, are byte streams captured from
 * nginx, Apache httpd and HAProxy with a few trailing bytes choosing the cuts. Without
 * {@code JAZZER_FUZZ} they run as a regression test.
 */
class RecordParserFuzzTests {

    private static final int MAX_CUTS = 16;

    @FuzzTest(maxDuration = "60s")
    void splitAnywhere(FuzzedDataProvider data) {
        int cutCount = data.consumeInt(0, MAX_CUTS);
        int[] cuts = new int[cutCount];
        for (int i = 0; i < cutCount; i++) {
            cuts[i] = data.consumeInt(0, 0xFFFF);
        }
        byte[] stream = data.consumeRemainingAsBytes();
        for (int i = 0; i < cutCount; i++) {
            cuts[i] = cuts[i] % (stream.length + 1);
        }
        Arrays.sort(cuts);

        Parse whole = parse(List.of(stream));
        List<byte[]> pieces = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            pieces.add(Arrays.copyOfRange(stream, from, cut));
            from = cut;
        }
        pieces.add(Arrays.copyOfRange(stream, from, stream.length));
        Parse split = parse(pieces);
        if (!whole.equals(split)) {
            throw new AssertionError(
                    "Cut at " + Arrays.toString(cuts) + " the stream parses to\n" + split + "\nbut whole to\n" + whole);
        }
    }

    /**
     * Runs a fresh parser over the pieces in order and writes down what it reports, with
     * chunks of content joined per record (how content is chunked depends on the cuts;
     * what it adds up to must not).
     */
    private static Parse parse(List<byte[]> pieces) {
        RecordParser parser = new RecordParser();
        List<String> records = new ArrayList<>();
        ByteArrayOutputStream content = null;
        String header = null;
        for (byte[] piece : pieces) {
            byte[] backing = new byte[piece.length + 7];
            Arrays.fill(backing, (byte) 0xA5);
            System.arraycopy(piece, 0, backing, 5, piece.length);
            ByteBuffer buffer = ByteBuffer.wrap(backing, 2, piece.length + 3).slice();
            buffer.position(3);
            while (true) {
                int event;
                try {
                    event = parser.next(buffer);
                }
                catch (FcgiProtocolException ex) {
                    return new Parse(records, header, "rejected: " + ex.getMessage());
                }
                if (event == RecordParser.NEED_INPUT) {
                    if (buffer.hasRemaining()) {
                        throw new AssertionError("NEED_INPUT with " + buffer.remaining() + " bytes left");
                    }
                    break;
                }
                if (event == RecordParser.HEADER) {
                    if (header != null) {
                        throw new AssertionError("HEADER inside record " + header);
                    }
                    header = "type=" + parser.type() + " id=" + parser.requestId() + " length=" + parser.contentLength()
                            + " padding=" + parser.paddingLength();
                    content = new ByteArrayOutputStream();
                }
                else if (event == RecordParser.CONTENT) {
                    int offset = parser.contentOffset();
                    int length = parser.contentChunkLength();
                    if (header == null || length <= 0 || offset < 5 || offset + length > 5 + piece.length) {
                        throw new AssertionError("CONTENT of " + length + " bytes at " + offset + " outside "
                                + "the piece [5, " + (5 + piece.length) + ") in record " + header);
                    }
                    content.write(backing, offset, length);
                }
                else if (event == RecordParser.END) {
                    if (header == null || content.size() != parser.contentLength() || parser.contentRemaining() != 0
                            || !parser.atRecordBoundary()) {
                        throw new AssertionError(
                                "END of record " + header + " after " + content.size() + " content bytes");
                    }
                    records.add(header + " content=" + Arrays.toString(content.toByteArray()));
                    header = null;
                }
                else {
                    throw new AssertionError("Unknown event " + event);
                }
            }
        }
        String pending = (header != null) ? header + " partial=" + Arrays.toString(content.toByteArray()) : null;
        return new Parse(records, pending, "open");
    }

    /**
     * What a parse reported: whole records, the record left incomplete (or null), and how
     * it ended.
     */
    private record Parse(List<String> records, String pending, String ending) {

        @Override
        public String toString() {
            return String.join("\n", this.records) + "\npending: " + this.pending + "\n" + this.ending;
        }

    }

}
