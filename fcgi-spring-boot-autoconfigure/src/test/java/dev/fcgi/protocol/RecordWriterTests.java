package dev.fcgi.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.fcgi.protocol.RecordBytes.ascii;
import static dev.fcgi.protocol.RecordBytes.pattern;
import static dev.fcgi.protocol.RecordBytes.records;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RecordWriter}: header layout, END_REQUEST and UNKNOWN_TYPE bodies, and
 * stream splitting and padding checked byte by byte and by re-parsing with
 * {@link RecordParser}.
 */
class RecordWriterTests {

    private static final byte GARBAGE = (byte) 0xA5;

    @ParameterizedTest
    @CsvSource({ "0, 0", "1, 7", "2, 6", "7, 1", "8, 0", "9, 7", "15, 1", "16, 0", "65535, 1", "65528, 0" })
    void paddingBringsContentToAMultipleOfEight(int contentLength, int padding) {
        assertThat(RecordWriter.paddingFor(contentLength)).isEqualTo(padding);
    }

    @ParameterizedTest
    @CsvSource({ "0, 15", "1, 15", "65535, 15", "65536, 30", "131070, 30", "131071, 45", "200000, 60" })
    void framingOverheadAllowsAHeaderAndSevenPaddingBytesPerRecord(int contentLength, int overhead) {
        assertThat(RecordWriter.framingOverhead(contentLength)).isEqualTo(overhead);
    }

    @Test
    void headerIsVersionTypeRequestIdContentLengthPaddingAndAZeroReservedByte() {
        ByteBuffer out = garbageBuffer(8);
        RecordWriter.putHeader(out, RecordType.STDOUT, 0x1234, 0xABCD, 0xEF);
        assertThat(out.array()).containsExactly(1, 6, 0x12, 0x34, 0xAB, 0xCD, 0xEF, 0);
        assertThat(out.position()).isEqualTo(8);
    }

    @ParameterizedTest
    @CsvSource({ "1, 1, 0, 0", "6, 65535, 65535, 255", "11, 0, 8, 0", "255, 256, 256, 7" })
    void headerIntoABufferAndIntoAnArrayAreTheSpecificationBytes(int type, int requestId, int contentLength,
            int padding) {
        byte[] expected = records().header(1, type, requestId, contentLength, padding).toByteArray();
        ByteBuffer out = garbageBuffer(8);
        RecordWriter.putHeader(out, type, requestId, contentLength, padding);
        assertThat(out.array()).containsExactly(expected);
        byte[] array = new byte[12];
        Arrays.fill(array, GARBAGE);
        RecordWriter.putHeader(array, 2, type, requestId, contentLength, padding);
        assertThat(Arrays.copyOfRange(array, 2, 10)).containsExactly(expected);
        assertThat(new byte[] { array[0], array[1], array[10], array[11] }).containsOnly(GARBAGE);
    }

    @Test
    void endRequestCarriesAppStatusBigEndianAndProtocolStatus() {
        ByteBuffer out = garbageBuffer(16);
        RecordWriter.putEndRequest(out, 7, 0x01020304, FcgiConstants.OVERLOADED);
        assertThat(out.array()).containsExactly(records().endRequest(7, 0x01020304, 2).toByteArray());
        assertThat(out.array()).containsExactly(1, 3, 0, 7, 0, 8, 0, 0, 1, 2, 3, 4, 2, 0, 0, 0);
    }

    @Test
    void endRequestWithNegativeAppStatusAndRequestComplete() throws Exception {
        ByteBuffer out = garbageBuffer(16);
        RecordWriter.putEndRequest(out, 65535, -1, FcgiConstants.REQUEST_COMPLETE);
        List<ParsedRecord> parsed = ParsedRecord.parse(out.array());
        assertThat(parsed).extracting(ParsedRecord::toString).containsExactly("END_REQUEST id=65535 len=8 pad=0");
        assertThat(parsed.get(0).content()).containsExactly(0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0);
    }

    @Test
    void unknownTypeIsAManagementRecordNamingTheType() {
        ByteBuffer out = garbageBuffer(16);
        RecordWriter.putUnknownType(out, 42);
        assertThat(out.array()).containsExactly(1, 11, 0, 0, 0, 8, 0, 0, 42, 0, 0, 0, 0, 0, 0, 0);
        assertThat(out.position()).isEqualTo(16);
    }

    @Test
    void endOfStreamIsAnEmptyRecord() {
        ByteBuffer out = garbageBuffer(8);
        RecordWriter.putEndOfStream(out, RecordType.STDERR, 3);
        assertThat(out.array()).containsExactly(1, 7, 0, 3, 0, 0, 0, 0);
    }

    @Test
    void zerosOverwriteOldBufferContents() {
        ByteBuffer out = garbageBuffer(6);
        out.position(1);
        RecordWriter.putZeros(out, 4);
        assertThat(out.array()).containsExactly(GARBAGE, 0, 0, 0, 0, GARBAGE);
    }

    @Test
    void emptyStreamContentWritesNothing() {
        ByteBuffer out = garbageBuffer(16);
        RecordWriter.putStream(out, RecordType.STDOUT, 1, new byte[10], 3, 0);
        assertThat(out.position()).isZero();
    }

    @Test
    void shortContentIsOneRecordPaddedWithZeros() {
        ByteBuffer out = garbageBuffer(32);
        byte[] src = ascii("xxHello, world!yy");
        RecordWriter.putStream(out, RecordType.STDOUT, 1, src, 2, 13);
        assertThat(out.position()).isEqualTo(8 + 13 + 3);
        assertThat(Arrays.copyOf(out.array(), out.position()))
            .containsExactly(records().record(RecordType.STDOUT, 1, ascii("Hello, world!")).toByteArray());
    }

    @ParameterizedTest
    @ValueSource(ints = { 65534, 65535, 65536, 131070, 131071 })
    void contentIsCutAtTheMaximumRecordLength(int length) throws Exception {
        byte[] content = pattern(length, length);
        List<ParsedRecord> parsed = ParsedRecord.parse(writeStream(content));
        int full = length / 65535;
        int rest = length % 65535;
        assertThat(parsed).hasSize(full + ((rest > 0) ? 1 : 0));
        for (int i = 0; i < full; i++) {
            assertThat(parsed.get(i).contentLength()).isEqualTo(65535);
            assertThat(parsed.get(i).paddingLength()).isEqualTo(1);
        }
        if (rest > 0) {
            assertThat(parsed.get(full).contentLength()).isEqualTo(rest);
        }
        assertThat(concatContent(parsed)).isEqualTo(content);
    }

    @Test
    void twoHundredThousandBytesBecomeRecordsOfAtMost65535PaddedToEightWithZeros() throws Exception {
        byte[] content = pattern(200_000, 3);
        byte[] wire = writeStream(content);

        // walk the records by hand, independently of RecordParser
        int at = 0;
        int records = 0;
        ByteArrayOutputStream reassembled = new ByteArrayOutputStream();
        while (at < wire.length) {
            assertThat(wire[at]).isEqualTo((byte) 1);
            assertThat(wire[at + 1]).isEqualTo((byte) RecordType.STDOUT);
            assertThat(((wire[at + 2] & 0xFF) << 8) | (wire[at + 3] & 0xFF)).isEqualTo(9);
            int contentLength = ((wire[at + 4] & 0xFF) << 8) | (wire[at + 5] & 0xFF);
            int padding = wire[at + 6] & 0xFF;
            assertThat(wire[at + 7]).isZero();
            assertThat(contentLength).isBetween(1, 65535);
            assertThat((contentLength + padding) % 8).isZero();
            assertThat(padding).isLessThan(8);
            reassembled.write(wire, at + 8, contentLength);
            for (int i = 0; i < padding; i++) {
                assertThat(wire[at + 8 + contentLength + i]).as("padding byte %d of record %d", i, records).isZero();
            }
            at += 8 + contentLength + padding;
            records++;
        }
        assertThat(at).isEqualTo(wire.length);
        assertThat(records).isEqualTo(4);
        assertThat(reassembled.toByteArray()).isEqualTo(content);
        assertThat(wire.length).isLessThanOrEqualTo(content.length + RecordWriter.framingOverhead(content.length));

        List<ParsedRecord> parsed = ParsedRecord.parse(wire);
        assertThat(parsed).extracting(ParsedRecord::contentLength).containsExactly(65535, 65535, 65535, 3395);
        assertThat(parsed).extracting(ParsedRecord::paddingLength).containsExactly(1, 1, 1, 5);
        assertThat(concatContent(parsed)).isEqualTo(content);
    }

    @Test
    void streamStartsAtTheBufferPositionAndReadsFromTheSourceOffset() throws Exception {
        byte[] src = pattern(70_000, 5);
        ByteBuffer out = garbageBuffer(3 + 70_000 - 100 + RecordWriter.framingOverhead(70_000 - 100));
        out.position(3);
        RecordWriter.putStream(out, RecordType.STDERR, 2, src, 100, src.length - 100);
        byte[] wire = Arrays.copyOfRange(out.array(), 3, out.position());
        List<ParsedRecord> parsed = ParsedRecord.parse(wire);
        assertThat(parsed).extracting(ParsedRecord::toString)
            .containsExactly("STDERR id=2 len=65535 pad=1", "STDERR id=2 len=4365 pad=3");
        assertThat(concatContent(parsed)).isEqualTo(Arrays.copyOfRange(src, 100, src.length));
    }

    @Test
    void writtenStreamParsesIdenticallyWhenFedOneByteAtATime() throws Exception {
        byte[] wire = writeStream(pattern(70_001, 8));
        assertThat(ParsedRecord.parseByteByByte(wire)).isEqualTo(ParsedRecord.parse(wire));
    }

    /**
     * Writes {@code content} as STDOUT of request 9 into a buffer pre-filled with
     * garbage.
     */
    private static byte[] writeStream(byte[] content) {
        ByteBuffer out = garbageBuffer(content.length + RecordWriter.framingOverhead(content.length));
        RecordWriter.putStream(out, RecordType.STDOUT, 9, content, 0, content.length);
        return Arrays.copyOf(out.array(), out.position());
    }

    private static ByteBuffer garbageBuffer(int capacity) {
        byte[] array = new byte[capacity];
        Arrays.fill(array, GARBAGE);
        return ByteBuffer.wrap(array);
    }

    private static byte[] concatContent(List<ParsedRecord> records) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        records.forEach((record) -> all.writeBytes(record.content()));
        return all.toByteArray();
    }

}
