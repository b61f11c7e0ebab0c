package dev.fcgi.protocol;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.fcgi.protocol.RecordBytes.ascii;
import static dev.fcgi.protocol.RecordBytes.concat;
import static dev.fcgi.protocol.RecordBytes.length1;
import static dev.fcgi.protocol.RecordBytes.length4;
import static dev.fcgi.protocol.RecordBytes.letters;
import static dev.fcgi.protocol.RecordBytes.pair;
import static dev.fcgi.protocol.RecordBytes.pairs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link NameValueCursor}: 1- and 4-byte lengths, bounds of the body and
 * malformed pairs.
 */
class NameValueCursorTests {

    private final NameValueCursor cursor = new NameValueCursor();

    @Test
    void walksPairsInPlaceWithinABodyInsideALargerArray() throws Exception {
        byte[] body = pairs("REQUEST_METHOD", "GET", "QUERY_STRING", "", "HTTPS", "on");
        byte[] array = concat(ascii("junk"), body, pairs("AFTER", "body"));
        this.cursor.reset(array, 4, body.length);
        assertThat(this.cursor.data()).isSameAs(array);
        assertThat(this.cursor.next()).isTrue();
        assertThat(name()).isEqualTo("REQUEST_METHOD");
        assertThat(value()).isEqualTo("GET");
        assertThat(this.cursor.nameOffset()).isEqualTo(4 + 2);
        assertThat(this.cursor.valueOffset()).isEqualTo(4 + 2 + 14);
        assertThat(this.cursor.next()).isTrue();
        assertThat(name()).isEqualTo("QUERY_STRING");
        assertThat(this.cursor.valueLength()).isZero();
        assertThat(this.cursor.next()).isTrue();
        assertThat(name()).isEqualTo("HTTPS");
        assertThat(value()).isEqualTo("on");
        assertThat(this.cursor.next()).as("bytes after the body are not read").isFalse();
        assertThat(this.cursor.next()).isFalse();
    }

    @Test
    void emptyBodyHasNoPairs() throws Exception {
        assertThat(this.cursor.reset(new byte[0], 0, 0).next()).isFalse();
        assertThat(this.cursor.reset(new byte[] { 5, 5 }, 1, 0).next()).isFalse();
    }

    @Test
    void emptyNameAndEmptyValueArePairs() throws Exception {
        this.cursor.reset(new byte[] { 0, 0 }, 0, 2);
        assertThat(this.cursor.next()).isTrue();
        assertThat(this.cursor.nameLength()).isZero();
        assertThat(this.cursor.valueLength()).isZero();
        assertThat(this.cursor.next()).isFalse();
    }

    @Test
    void nameAndValueOf127BytesUseOneByteLengths() throws Exception {
        byte[] body = concat(length1(127), length1(127), letters(127), letters(127));
        this.cursor.reset(body, 0, body.length);
        assertThat(this.cursor.next()).isTrue();
        assertThat(this.cursor.nameLength()).isEqualTo(127);
        assertThat(this.cursor.valueLength()).isEqualTo(127);
        assertThat(this.cursor.nameOffset()).isEqualTo(2);
        assertThat(this.cursor.valueOffset()).isEqualTo(129);
        assertThat(this.cursor.next()).isFalse();
    }

    @Test
    void nameAndValueOf128BytesUseFourByteLengths() throws Exception {
        byte[] body = concat(length4(128), length4(128), letters(128), letters(128));
        assertThat(body[0] & 0xFF).isEqualTo(0x80);
        this.cursor.reset(body, 0, body.length);
        assertThat(this.cursor.next()).isTrue();
        assertThat(this.cursor.nameLength()).isEqualTo(128);
        assertThat(this.cursor.valueLength()).isEqualTo(128);
        assertThat(this.cursor.nameOffset()).isEqualTo(8);
        assertThat(this.cursor.valueOffset()).isEqualTo(136);
        assertThat(this.cursor.next()).isFalse();
    }

    @Test
    void mixesOneAndFourByteLengthsInOnePair() throws Exception {
        byte[] body = concat(length1(3), length4(70000), ascii("BIG"), letters(70000), pairs("A", "b"));
        this.cursor.reset(body, 0, body.length);
        assertThat(this.cursor.next()).isTrue();
        assertThat(name()).isEqualTo("BIG");
        assertThat(this.cursor.valueLength()).isEqualTo(70000);
        assertThat(this.cursor.valueOffset()).isEqualTo(1 + 4 + 3);
        assertThat(this.cursor.next()).isTrue();
        assertThat(name()).isEqualTo("A");
        assertThat(value()).isEqualTo("b");
    }

    @Test
    void fourByteFormOfAShortLengthIsAccepted() throws Exception {
        byte[] body = concat(length4(4), length4(0), ascii("NAME"));
        this.cursor.reset(body, 0, body.length);
        assertThat(this.cursor.next()).isTrue();
        assertThat(name()).isEqualTo("NAME");
        assertThat(this.cursor.valueLength()).isZero();
    }

    @Test
    void nameLengthOfTwoToTheThirtyOneMinusOneIsRejectedWithoutAllocatingIt() throws Exception {
        byte[] body = concat(length4(Integer.MAX_VALUE), length1(0), ascii("short"));
        assertThat(body[0] & 0xFF).isEqualTo(0xFF);
        assertThatExceptionOfType(FcgiProtocolException.class)
            .isThrownBy(() -> this.cursor.reset(body, 0, body.length).next())
            .withMessageContaining(String.valueOf(Integer.MAX_VALUE))
            .withMessageContaining("runs past the end");
        long allocated = allocatedBytes(() -> this.cursor.reset(body, 0, body.length).next());
        assertThat(allocated).as("bytes allocated while rejecting the pair").isLessThan(1 << 20);
    }

    @Test
    void valueLengthOfTwoToTheThirtyOneMinusOneIsRejected() {
        byte[] body = concat(length1(1), length4(Integer.MAX_VALUE), ascii("N"), ascii("value"));
        assertThatExceptionOfType(FcgiProtocolException.class)
            .isThrownBy(() -> this.cursor.reset(body, 0, body.length).next())
            .withMessageContaining(String.valueOf(Integer.MAX_VALUE));
    }

    @Test
    void lengthsWhoseSumOverflowsAnIntAreRejected() {
        byte[] body = concat(length4(Integer.MAX_VALUE), length4(Integer.MAX_VALUE), letters(32));
        assertThatExceptionOfType(FcgiProtocolException.class)
            .isThrownBy(() -> this.cursor.reset(body, 0, body.length).next())
            .withMessageContaining("runs past the end");
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 2, 3 })
    void truncatedFourByteNameLengthIsRejected(int bytesPresent) {
        byte[] body = new byte[] { (byte) 0x80, 0, 0, 5 };
        assertThatExceptionOfType(FcgiProtocolException.class)
            .isThrownBy(() -> this.cursor.reset(body, 0, bytesPresent).next())
            .withMessage("Truncated 4-byte name-value length");
    }

    @Test
    void truncatedFourByteValueLengthIsRejected() {
        byte[] body = new byte[] { 1, (byte) 0x80, 0, 0 };
        assertThatExceptionOfType(FcgiProtocolException.class)
            .isThrownBy(() -> this.cursor.reset(body, 0, body.length).next())
            .withMessage("Truncated 4-byte name-value length");
    }

    @Test
    void truncatedLengthIsDetectedAtTheBodyEndNotTheArrayEnd() {
        byte[] array = concat(pairs("A", "b"), new byte[] { (byte) 0x80, 0, 0, 1, 0, 'X' });
        assertThatExceptionOfType(FcgiProtocolException.class).isThrownBy(() -> {
            this.cursor.reset(array, 0, 4 + 2);
            while (this.cursor.next()) {
                // walk
            }
        }).withMessage("Truncated 4-byte name-value length");
    }

    @Test
    void missingValueLengthIsRejected() {
        byte[] body = new byte[] { 3 };
        assertThatExceptionOfType(FcgiProtocolException.class)
            .isThrownBy(() -> this.cursor.reset(body, 0, body.length).next())
            .withMessage("Name-value length missing at end of body");
    }

    @Test
    void pairRunningPastTheEndOfTheBodyIsRejectedWithItsLengths() {
        byte[] body = concat(length1(3), length1(3), ascii("abcd"));
        assertThatExceptionOfType(FcgiProtocolException.class)
            .isThrownBy(() -> this.cursor.reset(body, 0, body.length).next())
            .withMessage("Name-value pair of 3+3 bytes runs past the end of its 4 remaining bytes");
    }

    @Test
    void pairRunningPastTheBodyIntoFollowingArrayBytesIsRejected() throws Exception {
        byte[] array = concat(pairs("A", "b"), pair(ascii("NAME"), ascii("VALUE")));
        this.cursor.reset(array, 0, array.length - 1);
        assertThat(this.cursor.next()).isTrue();
        assertThatExceptionOfType(FcgiProtocolException.class).isThrownBy(this.cursor::next)
            .withMessageContaining("4+5 bytes");
    }

    @Test
    void nameEqualsComparesExactBytes() throws Exception {
        byte[] body = pairs("FCGI_MAX_CONNS", "");
        this.cursor.reset(body, 0, body.length).next();
        assertThat(this.cursor.nameEquals(ascii("FCGI_MAX_CONNS"))).isTrue();
        assertThat(this.cursor.nameEquals(ascii("fcgi_max_conns"))).isFalse();
        assertThat(this.cursor.nameEquals(ascii("FCGI_MAX_CONN"))).isFalse();
        assertThat(this.cursor.nameEquals(ascii("FCGI_MAX_CONNSX"))).isFalse();
        assertThat(this.cursor.nameEquals(ascii("FCGI_MAX_CONNT"))).isFalse();
    }

    @Test
    void resetReusesTheCursorForAnotherBody() throws Exception {
        byte[] first = pairs("A", "1", "B", "2");
        this.cursor.reset(first, 0, first.length).next();
        byte[] second = pairs("C", "3");
        this.cursor.reset(second, 0, second.length);
        assertThat(this.cursor.next()).isTrue();
        assertThat(name()).isEqualTo("C");
        assertThat(this.cursor.next()).isFalse();
    }

    private String name() {
        return new String(this.cursor.data(), this.cursor.nameOffset(), this.cursor.nameLength());
    }

    private String value() {
        return new String(this.cursor.data(), this.cursor.valueOffset(), this.cursor.valueLength());
    }

    /**
     * Bytes the current thread allocates while running {@code call} (after one warm-up
     * run).
     */
    private static long allocatedBytes(ThrowingCall call) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        runIgnoringProtocolErrors(call);
        long before = threads.getCurrentThreadAllocatedBytes();
        runIgnoringProtocolErrors(call);
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private static void runIgnoringProtocolErrors(ThrowingCall call) {
        try {
            call.run();
        }
        catch (FcgiProtocolException ex) {
            // expected
        }
    }

    @FunctionalInterface
    private interface ThrowingCall {

        void run() throws FcgiProtocolException;

    }

}
