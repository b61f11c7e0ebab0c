package dev.fcgi.protocol;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.fcgi.protocol.RecordBytes.ascii;
import static dev.fcgi.protocol.RecordBytes.concat;
import static dev.fcgi.protocol.RecordBytes.length1;
import static dev.fcgi.protocol.RecordBytes.length4;
import static dev.fcgi.protocol.RecordBytes.letters;
import static dev.fcgi.protocol.RecordBytes.pattern;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link NameValueEncoder}: the 127/128 switch to 4-byte lengths and round
 * trips through {@link NameValueCursor}.
 */
class NameValueEncoderTests {

    @ParameterizedTest
    @CsvSource({ "0, 0, 2", "1, 0, 3", "127, 127, 256", "128, 0, 133", "0, 128, 133", "128, 128, 264", "14, 2, 18",
            "70000, 5, 70010" })
    void encodedLengthCountsOneOrFourLengthBytesPerField(int nameLength, int valueLength, int expected) {
        assertThat(NameValueEncoder.encodedLength(nameLength, valueLength)).isEqualTo(expected);
    }

    @Test
    void shortPairGetsOneByteLengths() {
        assertThat(encode(ascii("HTTPS"), ascii("on"))).containsExactly(concat(new byte[] { 5, 2 }, ascii("HTTPSon")));
    }

    @Test
    void lengthOf127IsOneByteAnd128IsFourBytesWithTheHighBitSet() {
        byte[] n127 = letters(127);
        byte[] v128 = letters(128);
        byte[] encoded = encode(n127, v128);
        assertThat(encoded).containsExactly(concat(length1(127), length4(128), n127, v128));
        assertThat(encoded[0]).isEqualTo((byte) 0x7F);
        assertThat(new byte[] { encoded[1], encoded[2], encoded[3], encoded[4] }).containsExactly(0x80, 0x00, 0x00,
                0x80);
        assertThat(encoded).hasSize(NameValueEncoder.encodedLength(127, 128));
    }

    @Test
    void fourByteLengthIsBigEndian() {
        byte[] value = new byte[0x012345];
        byte[] encoded = encode(ascii("N"), value);
        assertThat(new byte[] { encoded[1], encoded[2], encoded[3], encoded[4] }).containsExactly(0x80, 0x01, 0x23,
                0x45);
    }

    @Test
    void emptyNameAndValueEncodeAsTwoZeroBytes() {
        assertThat(encode(new byte[0], new byte[0])).containsExactly(0, 0);
    }

    @Test
    void encodesAtTheBufferPositionAndAdvancesIt() {
        ByteBuffer out = ByteBuffer.allocate(32);
        out.put((byte) 0x55);
        NameValueEncoder.encode(out, ascii("A"), ascii("bc"));
        assertThat(out.position()).isEqualTo(1 + 5);
        assertThat(out.array()).startsWith(0x55, 1, 2, 'A', 'b', 'c');
    }

    @Test
    void pairsRoundTripThroughTheCursorAcrossTheLengthBoundaries() throws Exception {
        int[] lengths = { 0, 1, 126, 127, 128, 129, 255, 256, 65535, 65536, 100_000 };
        ByteBuffer out = ByteBuffer.allocate(1 << 20);
        for (int i = 0; i < lengths.length; i++) {
            NameValueEncoder.encode(out, letters(lengths[i]), pattern(lengths[lengths.length - 1 - i], i));
        }
        NameValueCursor cursor = new NameValueCursor().reset(out.array(), 0, out.position());
        for (int i = 0; i < lengths.length; i++) {
            assertThat(cursor.next()).isTrue();
            assertThat(cursor.nameEquals(letters(lengths[i]))).as("name of length %d", lengths[i]).isTrue();
            int valueLength = lengths[lengths.length - 1 - i];
            assertThat(cursor.valueLength()).isEqualTo(valueLength);
            byte[] value = new byte[valueLength];
            System.arraycopy(cursor.data(), cursor.valueOffset(), value, 0, valueLength);
            assertThat(value).isEqualTo(pattern(valueLength, i));
        }
        assertThat(cursor.next()).isFalse();
    }

    private static byte[] encode(byte[] name, byte[] value) {
        ByteBuffer out = ByteBuffer.allocate(NameValueEncoder.encodedLength(name.length, value.length));
        NameValueEncoder.encode(out, name, value);
        assertThat(out.hasRemaining()).as("encodedLength matches what encode writes").isFalse();
        return out.array();
    }

}
