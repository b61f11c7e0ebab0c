package dev.fcgi.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.fcgi.protocol.RecordBytes.ascii;
import static dev.fcgi.protocol.RecordBytes.pattern;
import static dev.fcgi.protocol.RecordBytes.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link StreamRecordBuffer}: framing appended content into records, capacity,
 * the end-of-stream and END_REQUEST trailer, and reuse after
 * {@link StreamRecordBuffer#clear()}.
 */
class StreamRecordBufferTests {

    @ParameterizedTest
    @ValueSource(ints = { 0, -1 })
    void capacityBelowOneIsRejected(int capacity) {
        assertThatIllegalArgumentException().isThrownBy(() -> new StreamRecordBuffer(capacity))
            .withMessageContaining("contentCapacity must be at least 1, was " + capacity);
    }

    @Test
    void newBufferIsEmptyAndFinishesToNoBytes() {
        StreamRecordBuffer buffer = new StreamRecordBuffer(100);
        assertThat(buffer.isEmpty()).isTrue();
        assertThat(buffer.isFull()).isFalse();
        assertThat(buffer.contentCapacity()).isEqualTo(100);
        assertThat(buffer.contentBuffered()).isZero();
        assertThat(buffer.finish().remaining()).isZero();
    }

    @Test
    void appendingNothingOpensNoRecord() {
        StreamRecordBuffer buffer = new StreamRecordBuffer(100);
        assertThat(buffer.append(new byte[5], 2, 0)).isZero();
        assertThat(buffer.append(ByteBuffer.allocate(0))).isZero();
        assertThat(buffer.isEmpty()).isTrue();
        assertThat(buffer.finish().remaining()).isZero();
    }

    @Test
    void smallContentBecomesOnePaddedRecordOfTheSelectedStream() {
        StreamRecordBuffer buffer = new StreamRecordBuffer(1024);
        buffer.stream(RecordType.STDOUT, 258);
        assertThat(buffer.append(ascii("--Status: 200\r\n--"), 2, 13)).isEqualTo(13);
        assertThat(buffer.isEmpty()).isFalse();
        assertThat(buffer.contentBuffered()).isEqualTo(13);
        assertThat(bytes(buffer.finish()))
            .containsExactly(records().record(RecordType.STDOUT, 258, ascii("Status: 200\r\n")).toByteArray());
    }

    @Test
    void defaultStreamIsStdoutOfRequestOne() throws Exception {
        StreamRecordBuffer buffer = new StreamRecordBuffer(16);
        buffer.append(ascii("x"), 0, 1);
        assertThat(ParsedRecord.parse(bytes(buffer.finish()))).extracting(ParsedRecord::toString)
            .containsExactly("STDOUT id=1 len=1 pad=7");
    }

    @Test
    void successiveAppendsShareOneRecord() throws Exception {
        StreamRecordBuffer buffer = new StreamRecordBuffer(1024);
        buffer.append(ascii("abc"), 0, 3);
        buffer.append(ByteBuffer.wrap(ascii("defg")));
        buffer.append(ascii("h"), 0, 1);
        List<ParsedRecord> parsed = ParsedRecord.parse(bytes(buffer.finish()));
        assertThat(parsed).extracting(ParsedRecord::toString).containsExactly("STDOUT id=1 len=8 pad=0");
        assertThat(parsed.get(0).content()).isEqualTo(ascii("abcdefgh"));
    }

    @Test
    void appendTakesOnlyWhatFitsAndIsFullAtCapacity() {
        StreamRecordBuffer buffer = new StreamRecordBuffer(10);
        assertThat(buffer.append(pattern(9, 1), 0, 9)).isEqualTo(9);
        assertThat(buffer.isFull()).isFalse();
        assertThat(buffer.append(pattern(25, 2), 0, 25)).isEqualTo(1);
        assertThat(buffer.isFull()).isTrue();
        assertThat(buffer.contentBuffered()).isEqualTo(10);
        assertThat(buffer.append(pattern(5, 3), 0, 5)).isZero();
    }

    @Test
    void appendFromAByteBufferAdvancesItsPositionByWhatWasTaken() {
        StreamRecordBuffer buffer = new StreamRecordBuffer(10);
        ByteBuffer src = ByteBuffer.wrap(pattern(25, 4));
        src.position(3);
        assertThat(buffer.append(src)).isEqualTo(10);
        assertThat(src.position()).isEqualTo(13);
        assertThat(buffer.isFull()).isTrue();
        assertThat(buffer.append(src)).isZero();
        assertThat(src.position()).isEqualTo(13);
    }

    @Test
    void appendsAcrossRecordCutsReParseToTheAppendedBytes() throws Exception {
        byte[] content = pattern(200_000, 7);
        int[] pieces = { 1, 7, 65534, 3, 65535, 60000, 8920 };
        StreamRecordBuffer buffer = new StreamRecordBuffer(200_000);
        buffer.stream(RecordType.STDOUT, 5);
        int at = 0;
        boolean byteBuffer = false;
        for (int piece : pieces) {
            int taken = byteBuffer ? buffer.append(ByteBuffer.wrap(content, at, piece))
                    : buffer.append(content, at, piece);
            assertThat(taken).isEqualTo(piece);
            at += piece;
            byteBuffer = !byteBuffer;
        }
        assertThat(at).isEqualTo(content.length);
        assertThat(buffer.isFull()).isTrue();
        byte[] wire = bytes(buffer.finish());
        List<ParsedRecord> parsed = ParsedRecord.parse(wire);
        assertThat(parsed).extracting(ParsedRecord::contentLength).containsExactly(65535, 65535, 65535, 3395);
        assertThat(parsed).extracting(ParsedRecord::requestId).containsOnly(5);
        assertThat(parsed).extracting(ParsedRecord::type).containsOnly(RecordType.STDOUT);
        assertThat(concatContent(parsed)).isEqualTo(content);
        assertPaddedWithZeros(wire);
    }

    @Test
    void outputIsTheSameAsRecordWriterPutStream() {
        byte[] content = pattern(150_000, 11);
        StreamRecordBuffer buffer = new StreamRecordBuffer(150_000);
        buffer.stream(RecordType.STDERR, 3);
        for (int at = 0; at < content.length; at += 4999) {
            buffer.append(content, at, Math.min(4999, content.length - at));
        }
        ByteBuffer expected = ByteBuffer.allocate(150_000 + RecordWriter.framingOverhead(150_000));
        RecordWriter.putStream(expected, RecordType.STDERR, 3, content, 0, content.length);
        assertThat(bytes(buffer.finish())).isEqualTo(Arrays.copyOf(expected.array(), expected.position()));
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 7, 8, 9, 65534, 65535, 65536, 65537, 131070, 131071, 200_000 })
    void fullBufferStillHoldsEndOfStreamAndEndRequest(int capacity) throws Exception {
        StreamRecordBuffer buffer = new StreamRecordBuffer(capacity);
        buffer.stream(RecordType.STDOUT, 2);
        byte[] content = pattern(capacity, capacity);
        assertThat(buffer.append(content, 0, capacity)).isEqualTo(capacity);
        assertThat(buffer.isFull()).isTrue();
        buffer.appendEndOfStream();
        buffer.appendEndRequest(0, FcgiConstants.REQUEST_COMPLETE);
        byte[] wire = bytes(buffer.finish());
        List<ParsedRecord> parsed = ParsedRecord.parse(wire);
        int contentRecords = (capacity + 65534) / 65535;
        assertThat(parsed).hasSize(contentRecords + 2);
        assertThat(concatContent(parsed.subList(0, contentRecords))).isEqualTo(content);
        assertThat(parsed.get(contentRecords).toString()).isEqualTo("STDOUT id=2 len=0 pad=0");
        assertThat(parsed.get(contentRecords + 1).toString()).isEqualTo("END_REQUEST id=2 len=8 pad=0");
        assertPaddedWithZeros(wire);
    }

    @Test
    void fullBufferFilledOneByteAtATimeStillHoldsTheTrailer() throws Exception {
        int capacity = 131_072;
        StreamRecordBuffer buffer = new StreamRecordBuffer(capacity);
        byte[] content = pattern(capacity, 1);
        for (int i = 0; i < capacity; i++) {
            assertThat(buffer.isFull()).isFalse();
            buffer.append(content, i, 1);
        }
        assertThat(buffer.isFull()).isTrue();
        buffer.appendEndOfStream();
        buffer.appendEndRequest(0, FcgiConstants.REQUEST_COMPLETE);
        List<ParsedRecord> parsed = ParsedRecord.parse(bytes(buffer.finish()));
        assertThat(parsed).extracting(ParsedRecord::contentLength).containsExactly(65535, 65535, 2, 0, 8);
        assertThat(concatContent(parsed.subList(0, 3))).isEqualTo(content);
    }

    @Test
    void endOfStreamAndEndRequestFollowTheContentAsSpecificationRecords() {
        StreamRecordBuffer buffer = new StreamRecordBuffer(64);
        buffer.stream(RecordType.STDOUT, 4);
        buffer.append(ascii("body"), 0, 4);
        buffer.appendEndOfStream();
        buffer.appendEndRequest(3, FcgiConstants.REQUEST_COMPLETE);
        byte[] expected = records().record(RecordType.STDOUT, 4, ascii("body"))
            .record(RecordType.STDOUT, 4, new byte[0])
            .endRequest(4, 3, FcgiConstants.REQUEST_COMPLETE)
            .toByteArray();
        assertThat(bytes(buffer.finish())).containsExactly(expected);
    }

    @Test
    void endOfStreamWithoutContentIsJustTheEmptyRecord() {
        StreamRecordBuffer buffer = new StreamRecordBuffer(64);
        buffer.stream(RecordType.STDOUT, 9);
        buffer.appendEndOfStream();
        assertThat(buffer.isEmpty()).isFalse();
        buffer.appendEndRequest(-1, FcgiConstants.UNKNOWN_ROLE);
        assertThat(bytes(buffer.finish())).containsExactly(records().record(RecordType.STDOUT, 9, new byte[0])
            .endRequest(9, -1, FcgiConstants.UNKNOWN_ROLE)
            .toByteArray());
    }

    @Test
    void endRequestAloneCarriesTheRequestIdOfTheSelectedStream() {
        StreamRecordBuffer buffer = new StreamRecordBuffer(8);
        buffer.stream(RecordType.STDOUT, 300);
        buffer.appendEndRequest(0, FcgiConstants.CANT_MPX_CONN);
        assertThat(bytes(buffer.finish()))
            .containsExactly(records().endRequest(300, 0, FcgiConstants.CANT_MPX_CONN).toByteArray());
    }

    @Test
    void finishReturnsTheSameBytesWhenCalledAgain() {
        StreamRecordBuffer buffer = new StreamRecordBuffer(64);
        buffer.append(ascii("abc"), 0, 3);
        byte[] first = bytes(buffer.finish());
        assertThat(bytes(buffer.finish())).isEqualTo(first);
    }

    @Test
    void clearEmptiesTheBufferForTheNextBatchWithFreshZeroPadding() throws Exception {
        StreamRecordBuffer buffer = new StreamRecordBuffer(64);
        byte[] ones = new byte[64];
        Arrays.fill(ones, (byte) 0xFF);
        buffer.append(ones, 0, 64);
        buffer.appendEndOfStream();
        buffer.appendEndRequest(-1, 0xFF);
        buffer.finish();
        buffer.clear();
        assertThat(buffer.isEmpty()).isTrue();
        assertThat(buffer.isFull()).isFalse();
        assertThat(buffer.contentBuffered()).isZero();
        buffer.append(ascii("a"), 0, 1);
        byte[] wire = bytes(buffer.finish());
        assertThat(wire).containsExactly(records().record(RecordType.STDOUT, 1, ascii("a")).toByteArray());
        assertThat(ParsedRecord.parse(wire)).hasSize(1);
    }

    @Test
    void streamSelectsTypeAndRequestIdOfTheFollowingRecords() throws Exception {
        StreamRecordBuffer buffer = new StreamRecordBuffer(64);
        buffer.stream(RecordType.STDERR, 12);
        buffer.append(ascii("oops"), 0, 4);
        buffer.appendEndOfStream();
        assertThat(ParsedRecord.parse(bytes(buffer.finish()))).extracting(ParsedRecord::toString)
            .containsExactly("STDERR id=12 len=4 pad=4", "STDERR id=12 len=0 pad=0");
    }

    @Test
    void switchingStreamsKeepsTheTypeOfContentAlreadyAppended() throws Exception {
        StreamRecordBuffer buffer = new StreamRecordBuffer(64);
        buffer.stream(RecordType.STDOUT, 1);
        buffer.append(ascii("out"), 0, 3);
        buffer.stream(RecordType.STDERR, 1);
        buffer.append(ascii("err"), 0, 3);
        List<ParsedRecord> parsed = ParsedRecord.parse(bytes(buffer.finish()));
        assertThat(parsed).extracting(ParsedRecord::toString)
            .containsExactly("STDOUT id=1 len=3 pad=5", "STDERR id=1 len=3 pad=5");
        assertThat(parsed.get(0).content()).isEqualTo(ascii("out"));
        assertThat(parsed.get(1).content()).isEqualTo(ascii("err"));
    }

    @Test
    void stdoutAndStderrEndedInOneBatchLeaveRoomForTheTrailer() throws Exception {
        StreamRecordBuffer buffer = new StreamRecordBuffer(16);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        buffer.stream(RecordType.STDOUT, 1);
        buffer.append(ascii("o"), 0, 1);
        buffer.appendEndOfStream();
        buffer.stream(RecordType.STDERR, 1);
        byte[] err = pattern(15, 1);
        for (int at = 0; at < err.length;) {
            at += buffer.append(err, at, err.length - at);
            if (at < err.length) {
                assertThat(buffer.isFull()).as("append took less than offered").isTrue();
                wire.writeBytes(bytes(buffer.finish()));
                buffer.clear();
            }
        }
        buffer.appendEndOfStream();
        buffer.appendEndRequest(1, FcgiConstants.REQUEST_COMPLETE);
        wire.writeBytes(bytes(buffer.finish()));
        List<ParsedRecord> parsed = ParsedRecord.parse(wire.toByteArray());
        assertThat(parsed.subList(0, 2)).extracting(ParsedRecord::toString)
            .containsExactly("STDOUT id=1 len=1 pad=7", "STDOUT id=1 len=0 pad=0");
        assertThat(concatContent(parsed.subList(2, parsed.size() - 2))).isEqualTo(err);
        assertThat(parsed.subList(parsed.size() - 2, parsed.size())).extracting(ParsedRecord::toString)
            .containsExactly("STDERR id=1 len=0 pad=0", "END_REQUEST id=1 len=8 pad=0");
    }

    @Test
    void interleavedStreamsNeverOverflowTheBuffer() throws Exception {
        StreamRecordBuffer buffer = new StreamRecordBuffer(16);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        byte[] one = new byte[1];
        for (int i = 0; !buffer.isFull(); i++) {
            boolean toOut = (i % 2 == 0);
            buffer.stream(toOut ? RecordType.STDOUT : RecordType.STDERR, 1);
            one[0] = (byte) ('a' + i);
            if (buffer.append(one, 0, 1) == 1) {
                (toOut ? out : err).write(one[0]);
            }
        }
        buffer.appendEndOfStream();
        buffer.appendEndRequest(0, FcgiConstants.REQUEST_COMPLETE);
        List<ParsedRecord> parsed = ParsedRecord.parse(bytes(buffer.finish()));
        ByteArrayOutputStream parsedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream parsedErr = new ByteArrayOutputStream();
        for (ParsedRecord record : parsed) {
            if (record.type() == RecordType.STDOUT) {
                parsedOut.writeBytes(record.content());
            }
            else if (record.type() == RecordType.STDERR) {
                parsedErr.writeBytes(record.content());
            }
        }
        assertThat(parsedOut.toByteArray()).isEqualTo(out.toByteArray());
        assertThat(parsedErr.toByteArray()).isEqualTo(err.toByteArray());
        assertThat(parsed.get(parsed.size() - 1).type()).isEqualTo(RecordType.END_REQUEST);
    }

    private static byte[] bytes(ByteBuffer finished) {
        assertThat(finished.position()).isZero();
        return Arrays.copyOfRange(finished.array(), finished.position(), finished.limit());
    }

    private static byte[] concatContent(List<ParsedRecord> records) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        records.forEach((record) -> all.writeBytes(record.content()));
        return all.toByteArray();
    }

    /**
     * Walks records by their headers and checks every padding byte is zero and every
     * record ends on 8.
     */
    private static void assertPaddedWithZeros(byte[] wire) {
        int at = 0;
        while (at < wire.length) {
            int contentLength = ((wire[at + 4] & 0xFF) << 8) | (wire[at + 5] & 0xFF);
            int padding = wire[at + 6] & 0xFF;
            assertThat((contentLength + padding) % 8).isZero();
            for (int i = 0; i < padding; i++) {
                assertThat(wire[at + 8 + contentLength + i]).isZero();
            }
            at += 8 + contentLength + padding;
        }
        assertThat(at).isEqualTo(wire.length);
    }

}
