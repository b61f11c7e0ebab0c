package dev.fcgi.protocol;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of {@link NameValueCursor} over arbitrary PARAMS bodies: it may
 * only throw {@link FcgiProtocolException}, every name and value it reports lies inside
 * the body, it always makes progress, and what it allocates does not grow with the
 * lengths a body claims (a 4-byte length can claim 2 GiB).
 * <p>
 * The body is placed at an offset inside a larger array, between guard bytes, so an
 * offset computed past either end of the body is caught rather than reading a neighbour's
 * bytes. Seeds, under {@code NameValueCursorFuzzTestsInputs/walkPairs}, are the PARAMS
 * bodies nginx, Apache httpd and HAProxy sent in captured requests, and HAProxy's
 * GET_VALUES body. Without {@code JAZZER_FUZZ} they run as a regression test.
 */
class NameValueCursorFuzzTests {

    /**
     * Allocation allowed per body: the exception and its message, whatever the claimed
     * lengths.
     */
    private static final long ALLOCATION_ALLOWANCE = 64 * 1024;

    private static final byte[] NAMES_ASKED = "REQUEST_METHOD".getBytes(StandardCharsets.US_ASCII);

    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
        .getThreadMXBean();

    private final NameValueCursor cursor = new NameValueCursor();

    @FuzzTest(maxDuration = "60s")
    void walkPairs(byte[] body) {
        int offset = 1 + body.length % 13;
        byte[] array = new byte[offset + body.length + 9];
        Arrays.fill(array, (byte) 0xFF);
        System.arraycopy(body, 0, array, offset, body.length);
        int end = offset + body.length;

        walk(array, offset, end);
        // Measured on a second walk, so first-time class loading and instrumentation are
        // not counted.
        long threadId = Thread.currentThread().getId();
        long allocatedBefore = THREADS.getThreadAllocatedBytes(threadId);
        walk(array, offset, end);
        long allocated = THREADS.getThreadAllocatedBytes(threadId) - allocatedBefore;
        if (allocated > ALLOCATION_ALLOWANCE) {
            throw new AssertionError("Walking a body of " + body.length + " bytes allocated " + allocated + " bytes");
        }
    }

    private void walk(byte[] array, int offset, int end) {
        int pairs = 0;
        int previousEnd = offset;
        try {
            this.cursor.reset(array, offset, end - offset);
            while (this.cursor.next()) {
                pairs++;
                int nameOffset = this.cursor.nameOffset();
                int nameLength = this.cursor.nameLength();
                int valueOffset = this.cursor.valueOffset();
                int valueLength = this.cursor.valueLength();
                // Two length bytes at least precede every name, so each pair starts past
                // the previous one.
                if (nameLength < 0 || valueLength < 0 || nameOffset < previousEnd + 2
                        || valueOffset != nameOffset + nameLength || (long) valueOffset + valueLength > end) {
                    throw new AssertionError("Pair " + pairs + ": name " + nameOffset + "+" + nameLength + ", value "
                            + valueOffset + "+" + valueLength + " not inside the body [" + offset + ", " + end
                            + ") after the previous pair's end " + previousEnd);
                }
                this.cursor.nameEquals(NAMES_ASKED);
                previousEnd = valueOffset + valueLength;
            }
        }
        catch (FcgiProtocolException ex) {
            // Refusing a malformed body is the expected answer.
        }
    }

}
