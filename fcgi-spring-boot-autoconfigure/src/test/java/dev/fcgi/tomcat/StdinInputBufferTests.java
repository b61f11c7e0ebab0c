package dev.fcgi.tomcat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

import dev.fcgi.protocol.FcgiProtocolException;
import dev.fcgi.testsupport.OpenFiles;
import org.apache.tomcat.util.buf.ByteChunk;
import org.apache.tomcat.util.net.ApplicationBufferHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The request body on its own, without a socket or Spring: which source a body gets,
 * memory to spill file at the threshold, the size limit in each mode, CONTENT_LENGTH held
 * to, {@code available()} and "fully read" in each mode, a saved body put back, and no
 * spill file left open.
 */
class StdinInputBufferTests {

    private static final int THRESHOLD = 1000;

    private static final long MAX_BODY = 5000;

    @TempDir
    Path spillDirectory;

    private LargeBodyMode mode = LargeBodyMode.SPILL;

    private int spilled;

    private final Deque<ByteBuffer> arriving = new ArrayDeque<>();

    private boolean stdinEnded;

    private final StdinInputBuffer body = new StdinInputBuffer(new TestSettings(), 4096, new QueuedChunks());

    @Test
    void aKnownLengthUpToTheThresholdIsGatheredInMemory() throws Exception {
        assertThat(this.body.start(1, THRESHOLD)).isTrue();
        assertThat(this.body.isStreamed()).isFalse();
        byte[] bytes = pattern(THRESHOLD);
        gather(bytes, 300);
        this.body.rewind();

        assertThat(this.body.available()).isEqualTo(THRESHOLD);
        assertThat(this.body.isFinished()).isFalse();
        assertThat(readAll()).isEqualTo(bytes);
        assertThat(this.body.available()).isZero();
        assertThat(this.body.isFinished()).isTrue();
        assertThat(this.spilled).isZero();
        assertThat(spillFiles()).isEmpty();
    }

    @Test
    void oneByteOverTheThresholdGoesToASpillFileWithWhatCameBefore() throws Exception {
        assertThat(this.body.start(1, -1)).isTrue();
        byte[] bytes = pattern(THRESHOLD + 1);
        gather(Arrays.copyOf(bytes, THRESHOLD), THRESHOLD);
        assertThat(spillFiles()).as("exactly the threshold stays in memory").isEmpty();
        gather(Arrays.copyOfRange(bytes, THRESHOLD, THRESHOLD + 1), 1);

        assertThat(this.spilled).isEqualTo(1);
        assertThat(spillFiles()).hasSize(1);
        assertThat(this.body.available()).isEqualTo(THRESHOLD + 1);
        assertThat(readAll()).isEqualTo(bytes);
        assertThat(this.body.isFinished()).isTrue();

        this.body.deleteSpillFile();
        assertThat(spillFiles()).isEmpty();
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeAnyByteIsKept() {
        assertThat(this.body.start(3, MAX_BODY + 1)).isFalse();
        assertThat(this.body.limitExceeded()).isEqualTo("Request body of 5001 bytes is larger than 5000");
        assertThat(this.body.available()).isZero();
        assertThat(this.body.isFinished()).isTrue();
    }

    @Test
    void aGatheredBodyOfUnknownLengthOverTheLimitIsDroppedWithItsFile() throws Exception {
        this.body.start(1, -1);
        gather(pattern((int) MAX_BODY), 1000);
        assertThat(spillFiles()).hasSize(1);

        this.body.count(1);
        assertThat(this.body.gather(ByteBuffer.wrap(new byte[1]))).isFalse();
        assertThat(this.body.limitExceeded()).isEqualTo("Request body is larger than 5000 bytes");
        assertThat(spillFiles()).as("dropped at once, not when the request ends").isEmpty();
        assertThat(this.body.available()).isZero();
    }

    @Test
    void aStreamedBodyIsReadChunkByChunkAndFailsOverTheLimit() throws Exception {
        this.mode = LargeBodyMode.STREAM;
        assertThat(this.body.start(1, -1)).isTrue();
        assertThat(this.body.isStreamed()).isTrue();
        assertThat(this.body.available()).as("nothing buffered yet").isZero();

        this.arriving.add(ByteBuffer.wrap(pattern(10)));
        assertThat(this.body.available()).as("maybe more, without reading").isEqualTo(1);
        assertThat(this.body.isFinished()).isFalse();
        ByteBuffer[] handed = new ByteBuffer[1];
        assertThat(this.body.doRead(handler(handed))).isEqualTo(10);
        assertThat(handed[0].remaining()).isEqualTo(10);

        this.body.count((int) MAX_BODY + 1);
        assertThat(this.body.acceptStreamed()).isFalse();
        assertThat(this.body.isOverLimit()).isTrue();

        this.stdinEnded = true;
        assertThat(this.body.doRead(handler(handed))).isEqualTo(-1);
        assertThat(this.body.isFinished()).isTrue();
    }

    @Test
    void bodiesOfUnknownLengthAreStreamedOnlyInStreamMode() {
        this.mode = LargeBodyMode.STREAM;
        this.body.start(1, THRESHOLD);
        assertThat(this.body.isStreamed()).as("known and small: memory in both modes").isFalse();
        this.body.recycle();
        this.body.start(2, THRESHOLD + 1);
        assertThat(this.body.isStreamed()).isTrue();
        this.body.recycle();
        this.mode = LargeBodyMode.SPILL;
        this.body.start(3, THRESHOLD + 1);
        assertThat(this.body.isStreamed()).isFalse();
    }

    @Test
    void stdinIsHeldToContentLength() throws Exception {
        this.body.start(9, 10);
        this.body.count(6);
        assertThatThrownBy(this.body::checkComplete).isInstanceOf(FcgiProtocolException.class)
            .hasMessage("STDIN of request 9 ended after 6 of 10 bytes");
        assertThatThrownBy(() -> this.body.count(5)).isInstanceOf(FcgiProtocolException.class)
            .hasMessage("STDIN of request 9 carries more than CONTENT_LENGTH 10 bytes");
    }

    @Test
    void aSavedBodyReplacesTheStreamAndSaysTheStreamWasOpen() throws Exception {
        this.mode = LargeBodyMode.STREAM;
        this.body.start(1, -1);
        ByteChunk saved = new ByteChunk();
        saved.setBytes(new byte[] { 'a', 'b', 'c' }, 0, 3);
        assertThat(this.body.replace(saved)).isTrue();
        assertThat(this.body.isStreamed()).isFalse();
        assertThat(this.body.available()).isEqualTo(3);
        assertThat(readAll()).containsExactly('a', 'b', 'c');
        assertThat(this.body.replace(saved)).as("memory now, not a stream").isFalse();
    }

    @Test
    void recycleDeletesTheSpillFileAndForgetsTheCounts() throws Exception {
        this.body.start(1, -1);
        gather(pattern(THRESHOLD * 2), 700);
        assertThat(spillFiles()).hasSize(1);
        this.body.recycle();
        assertThat(spillFiles()).isEmpty();
        assertThat(this.body.received()).isZero();
        assertThat(this.body.isFinished()).isTrue();
        this.body.start(2, 3);
        this.body.count(3);
        this.body.checkComplete();
    }

    private void gather(byte[] bytes, int chunkSize) throws IOException {
        for (int offset = 0; offset < bytes.length; offset += chunkSize) {
            int n = Math.min(chunkSize, bytes.length - offset);
            this.body.count(n);
            // a view into a larger array, as the read buffer's chunks are
            byte[] around = new byte[n + 20];
            System.arraycopy(bytes, offset, around, 10, n);
            assertThat(this.body.gather(ByteBuffer.wrap(around, 10, n))).isTrue();
        }
    }

    private byte[] readAll() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer[] handed = new ByteBuffer[1];
        while (this.body.doRead(handler(handed)) >= 0) {
            ByteBuffer chunk = handed[0];
            byte[] bytes = new byte[chunk.remaining()];
            chunk.get(bytes);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private static ApplicationBufferHandler handler(ByteBuffer[] handed) {
        return new ApplicationBufferHandler() {

            @Override
            public void setByteBuffer(ByteBuffer buffer) {
                handed[0] = buffer;
            }

            @Override
            public ByteBuffer getByteBuffer() {
                return handed[0];
            }

            @Override
            public void expand(int size) {
            }

        };
    }

    private List<Path> spillFiles() {
        return OpenFiles.under(this.spillDirectory);
    }

    private static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    private final class TestSettings implements StdinInputBuffer.Settings {

        @Override
        public int spillThreshold() {
            return THRESHOLD;
        }

        @Override
        public long maxBodySize() {
            return MAX_BODY;
        }

        @Override
        public LargeBodyMode largeBodyMode() {
            return StdinInputBufferTests.this.mode;
        }

        @Override
        public Path spillDirectory() {
            return StdinInputBufferTests.this.spillDirectory;
        }

        @Override
        public void bodySpilled() {
            StdinInputBufferTests.this.spilled++;
        }

    }

    private final class QueuedChunks implements StreamedBody.Chunks {

        @Override
        public ByteBuffer next() {
            return StdinInputBufferTests.this.arriving.poll();
        }

        @Override
        public boolean mayHaveMore() {
            return !StdinInputBufferTests.this.stdinEnded && !StdinInputBufferTests.this.arriving.isEmpty();
        }

        @Override
        public boolean ended() {
            return StdinInputBufferTests.this.stdinEnded;
        }

    }

}
