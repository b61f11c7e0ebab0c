package dev.fcgi.tomcat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import dev.fcgi.protocol.FcgiConstants;
import dev.fcgi.protocol.FcgiProtocolException;
import dev.fcgi.protocol.RecordParser;
import dev.fcgi.protocol.RecordType;
import dev.fcgi.protocol.RecordWriter;

import org.apache.coyote.Request;
import org.apache.coyote.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The response side on its own, over a Coyote response and a channel that records each
 * gathering write: STDOUT framing byte for byte at the buffer's and the record's edges,
 * the head going out with the first bytes, the three flush modes, the heads of bodyless
 * statuses, and the bytes counted.
 */
class StdoutOutputBufferTests {

    private static final int BUFFER = 8192;

    private static final int ID = 1;

    private static final int MAX = FcgiConstants.MAX_CONTENT_LENGTH;

    private final Request request = new Request();

    private final Response response = new Response();

    private final RecordingChannel channel = new RecordingChannel();

    /**
     * Holds the timer's only thread, so a held flush stays held until the test lets it
     * go.
     */
    private final CountDownLatch timerBlocked = new CountDownLatch(1);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    private FlushMode mode = FlushMode.AUTO;

    private StdoutOutputBuffer output;

    @BeforeEach
    void newBuffer() {
        this.request.setResponse(this.response);
        this.request.setMethod("GET");
        this.timer.execute(() -> {
            try {
                this.timerBlocked.await();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        this.output = new StdoutOutputBuffer(this.response, BUFFER, () -> this.mode, () -> this.timer, this.channel);
        this.response.setOutputBuffer(this.output);
        this.output.begin(ID);
    }

    @AfterEach
    void stopTimer() {
        this.timerBlocked.countDown();
        this.timer.shutdownNow();
    }

    // ------------------------------------------------------------------ framing

    @Test
    void bytesBelowTheBufferSizeStayUntilTheEnd() throws IOException {
        write(BUFFER - 1);
        assertThat(this.channel.writes).isEmpty();
        end();
        assertThat(this.channel.writes).hasSize(1);
        assertThat(afterHead(this.channel.bytes())).isEqualTo(concat(record(RecordType.STDOUT, pattern(BUFFER - 1, 0)),
                record(RecordType.STDOUT, new byte[0]), endRequest(FcgiConstants.REQUEST_COMPLETE)));
    }

    @Test
    void theByteThatFillsTheBufferSendsOneRecordOfItsSize() throws IOException {
        byte[] body = pattern(BUFFER + 3, 7);
        writeChunk(ByteBuffer.wrap(body, 0, BUFFER - 1));
        writeChunk(ByteBuffer.wrap(body, BUFFER - 1, 4));
        assertThat(this.channel.writes).hasSize(1);
        assertThat(this.channel.writes.get(0).flush).isFalse();
        assertThat(afterHead(this.channel.bytes())).isEqualTo(record(RecordType.STDOUT, Arrays.copyOf(body, BUFFER)));
        end();
        assertThat(afterHead(this.channel.bytes()))
            .isEqualTo(concat(record(RecordType.STDOUT, Arrays.copyOf(body, BUFFER)),
                    record(RecordType.STDOUT, Arrays.copyOfRange(body, BUFFER, BUFFER + 3)),
                    record(RecordType.STDOUT, new byte[0]), endRequest(FcgiConstants.REQUEST_COMPLETE)));
    }

    /**
     * A chunk as large as the buffer, or larger, is framed around the application's own
     * bytes: one write per record of at most 65,535 bytes, each padded to 8, the head in
     * front of the first.
     */
    @ParameterizedTest
    @ValueSource(ints = { BUFFER, MAX, MAX + 1, 2 * MAX + 1 })
    void largeWritesAreFramedInRecordsOfAtMost65535Bytes(int length) throws IOException {
        byte[] body = pattern(length, 3);
        writeChunk(ByteBuffer.wrap(body));
        int records = (length + MAX - 1) / MAX;
        assertThat(this.channel.writes).hasSize(records);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < records; i++) {
            byte[] content = Arrays.copyOfRange(body, i * MAX, Math.min(length, (i + 1) * MAX));
            expected.writeBytes(record(RecordType.STDOUT, content));
            byte[] sent = this.channel.writes.get(i).bytes;
            assertThat(i == 0 ? afterHead(sent) : sent).isEqualTo(record(RecordType.STDOUT, content));
        }
        assertThat(afterHead(this.channel.bytes())).isEqualTo(expected.toByteArray());
        List<Parsed> parsed = parse(this.channel.bytes());
        assertThat(parsed.subList(1, parsed.size())).allSatisfy((record) -> {
            assertThat(record.contentLength).isLessThanOrEqualTo(MAX);
            assertThat((record.contentLength + record.paddingLength) % 8).isZero();
        });
        assertThat(this.output.getBytesWritten()).isEqualTo(length);
    }

    @Test
    void aLargeWriteAfterBufferedBytesGoesThroughTheBuffer() throws IOException {
        write(10);
        byte[] body = pattern(MAX + 1, 5);
        writeChunk(ByteBuffer.wrap(body));
        end();
        List<Parsed> records = parse(this.channel.bytes());
        assertThat(records.subList(1, records.size() - 2)).allSatisfy((record) -> {
            assertThat(record.type).isEqualTo(RecordType.STDOUT);
            assertThat(record.contentLength).isLessThanOrEqualTo(BUFFER);
        });
        assertThat(stdoutBody(this.channel.bytes())).isEqualTo(concat(pattern(10, 0), body));
    }

    // ------------------------------------------------------------------ the head

    @Test
    void theHeadGoesOutWithTheFirstBytes() throws IOException {
        this.response.setContentType("text/plain");
        write(BUFFER);
        assertThat(this.channel.writes).hasSize(1);
        List<Parsed> records = parse(this.channel.writes.get(0).bytes);
        assertThat(records).hasSize(2);
        assertThat(records.get(0).text()).isEqualTo("Status: 200 OK\r\nContent-Type: text/plain\r\n\r\n");
        assertThat(records.get(1).contentLength).isEqualTo(BUFFER);
    }

    @Test
    void theHeadOfAnEmptyResponseGoesOutWithItsEnd() throws IOException {
        this.response.setContentType("text/plain");
        this.response.setContentLength(0);
        commit();
        assertThat(this.channel.writes).isEmpty();
        end();
        assertThat(this.channel.writes).hasSize(1);
        List<Parsed> records = parse(this.channel.bytes());
        assertThat(records.get(0).text())
            .isEqualTo("Status: 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n\r\n");
        assertThat(records.subList(1, 3)).extracting((record) -> record.type)
            .containsExactly(RecordType.STDOUT, RecordType.END_REQUEST);
    }

    @Test
    void noContentKeepsContentTypeAndDropsContentLengthAndBody() throws IOException {
        this.response.setStatus(204);
        this.response.setContentType("text/plain");
        this.response.setContentLength(5);
        write(5);
        end();
        assertThat(parse(this.channel.bytes()).get(0).text())
            .isEqualTo("Status: 204 No Content\r\nContent-Type: text/plain\r\n\r\n");
        assertThat(stdoutBody(this.channel.bytes())).isEmpty();
        assertThat(this.output.getBytesWritten()).isZero();
    }

    @Test
    void notModifiedHasNeitherContentTypeNorContentLengthNorBody() throws IOException {
        this.response.setStatus(304);
        this.response.setContentType("text/plain");
        this.response.setContentLength(5);
        this.response.addHeader("ETag", "\"v1\"");
        write(5);
        end();
        assertThat(parse(this.channel.bytes()).get(0).text())
            .isEqualTo("Status: 304 Not Modified\r\nETag: \"v1\"\r\n\r\n");
        assertThat(stdoutBody(this.channel.bytes())).isEmpty();
    }

    @Test
    void headKeepsContentLengthAndDropsTheBody() throws IOException {
        this.request.setMethod("HEAD");
        this.response.setContentType("text/plain");
        this.response.setContentLength(5);
        write(5);
        end();
        assertThat(parse(this.channel.bytes()).get(0).text())
            .isEqualTo("Status: 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n");
        assertThat(stdoutBody(this.channel.bytes())).isEmpty();
    }

    // ------------------------------------------------------------------ flush modes

    @Test
    void autoHoldsAFlushWithNothingSentAndAFollowingWriteStreams() throws IOException {
        write(10);
        this.output.flush(false);
        assertThat(this.channel.writes).isEmpty();
        writeChunk(ByteBuffer.wrap(pattern(4, 1)));
        assertThat(this.channel.writes).hasSize(1);
        assertThat(this.channel.writes.get(0).flush).isTrue();
        List<Parsed> sent = parse(this.channel.writes.get(0).bytes);
        assertThat(sent.get(0).text()).isEqualTo("Status: 200 OK\r\nX-Accel-Buffering: no\r\n\r\n");
        assertThat(sent.get(1).content).isEqualTo(pattern(10, 0));
        assertThat(sent).hasSize(2);
        end();
        assertThat(stdoutBody(this.channel.bytes())).isEqualTo(concat(pattern(10, 0), pattern(4, 1)));
    }

    @Test
    void autoEndAfterAHeldFlushIsAnOrdinaryResponse() throws IOException {
        write(10);
        this.output.flush(false);
        end();
        assertThat(this.channel.writes).hasSize(1);
        List<Parsed> records = parse(this.channel.bytes());
        assertThat(records.get(0).text()).isEqualTo("Status: 200 OK\r\n\r\n");
        assertThat(stdoutBody(this.channel.bytes())).isEqualTo(pattern(10, 0));
    }

    @Test
    void autoSendsAFlushOfAnEventStreamAtOnce() throws IOException {
        this.response.setContentType("text/event-stream");
        write(10);
        this.output.flush(false);
        assertThat(this.channel.writes).hasSize(1);
        assertThat(parse(this.channel.bytes()).get(0).text())
            .isEqualTo("Status: 200 OK\r\nContent-Type: text/event-stream\r\nX-Accel-Buffering: no\r\n\r\n");
    }

    @Test
    void autoSendsAnAsynchronousRequestsFlushAtOnce() throws IOException {
        write(10);
        this.output.flush(true);
        assertThat(this.channel.writes).hasSize(1);
        assertThat(parse(this.channel.bytes()).get(0).text()).contains("X-Accel-Buffering: no\r\n");
    }

    @Test
    void alwaysSendsEachWriteAtOnceWithTheHeadInFrontOfTheFirst() throws IOException {
        this.mode = FlushMode.ALWAYS;
        write(10);
        assertThat(this.channel.writes).hasSize(1);
        List<Parsed> first = parse(this.channel.writes.get(0).bytes);
        assertThat(first.get(0).text()).isEqualTo("Status: 200 OK\r\nX-Accel-Buffering: no\r\n\r\n");
        assertThat(first.get(1).content).isEqualTo(pattern(10, 0));
        writeChunk(ByteBuffer.wrap(pattern(3, 2)));
        assertThat(this.channel.writes).hasSize(2);
        assertThat(this.channel.writes.get(1).flush).isTrue();
        assertThat(this.channel.writes.get(1).bytes).isEqualTo(record(RecordType.STDOUT, pattern(3, 2)));
    }

    @Test
    void neverSendsNothingBeforeTheBufferFillsOrTheEnd() throws IOException {
        this.mode = FlushMode.NEVER;
        this.response.setContentType("text/event-stream");
        write(10);
        this.output.flush(false);
        this.output.flush(true);
        writeChunk(ByteBuffer.wrap(pattern(BUFFER - 11, 0)));
        assertThat(this.channel.writes).isEmpty();
        writeChunk(ByteBuffer.wrap(pattern(2, 0)));
        assertThat(this.channel.writes).hasSize(1);
        assertThat(this.channel.writes.get(0).flush).isFalse();
        assertThat(parse(this.channel.bytes()).get(0).text())
            .isEqualTo("Status: 200 OK\r\nContent-Type: text/event-stream\r\n\r\n");
        end();
        assertThat(this.channel.writes).hasSize(2);
    }

    // ------------------------------------------------------------------ the end, and
    // counting

    @Test
    void aSwallowedResponseSendsOnlyEndRequest() throws IOException {
        write(10);
        this.output.setSwallowResponse();
        write(10);
        end();
        assertThat(this.channel.bytes()).isEqualTo(endRequest(FcgiConstants.REQUEST_COMPLETE));
    }

    @Test
    void theEndOfStreamCanLeaveBeforeEndRequest() throws IOException {
        write(10);
        this.output.startEnd();
        this.output.sendEndOfStream();
        assertThat(this.channel.writes).hasSize(1);
        assertThat(afterHead(this.channel.bytes()))
            .isEqualTo(concat(record(RecordType.STDOUT, pattern(10, 0)), record(RecordType.STDOUT, new byte[0])));
        this.output.end(FcgiConstants.OVERLOADED);
        assertThat(this.channel.writes.get(1).bytes).isEqualTo(endRequest(FcgiConstants.OVERLOADED));
    }

    @Test
    void everyByteOnTheWireIsCountedAndTheCountStartsAgainAfterTheEnd() throws IOException {
        ByteBuffer control = ByteBuffer.allocate(FcgiConstants.HEADER_LENGTH + 8);
        RecordWriter.putUnknownType(control, 99);
        control.flip();
        this.output.writeRecord(control);
        write(MAX + 1);
        write(100);
        end();
        assertThat(this.channel.endings).containsExactly((long) this.channel.bytes().length);
        assertThat(this.output.getBytesWritten()).isEqualTo(MAX + 1 + 100);

        this.output.nextRequest();
        this.output.begin(2);
        int before = this.channel.bytes().length;
        write(10);
        end();
        assertThat(this.channel.endings).hasSize(2);
        assertThat(this.channel.endings.get(1)).isEqualTo(this.channel.bytes().length - before);
        assertThat(this.output.getBytesWritten()).isEqualTo(10);
        assertThat(parse(Arrays.copyOfRange(this.channel.bytes(), before, this.channel.bytes().length)))
            .allSatisfy((record) -> assertThat(record.requestId).isEqualTo(2));
    }

    @Test
    void aFailedWriteIsReportedAndRethrown() {
        IOException failure = new IOException("broken pipe");
        this.channel.failure = failure;
        this.mode = FlushMode.ALWAYS;
        assertThatThrownBy(() -> write(10)).isSameAs(failure);
        assertThat(this.channel.failed).isSameAs(failure);
    }

    // ------------------------------------------------------------------ helpers

    /**
     * What the processor does on {@code ActionCode.COMMIT}, which the response has no
     * processor to send to here.
     */
    private void commit() {
        if (!this.response.isCommitted()) {
            this.response.setCommitted(true);
            this.output.prepareResponse();
        }
    }

    private void writeChunk(ByteBuffer chunk) throws IOException {
        commit();
        this.output.doWrite(chunk);
    }

    private void write(int length) throws IOException {
        writeChunk(ByteBuffer.wrap(pattern(length, 0)));
    }

    private void end() throws IOException {
        commit();
        this.output.startEnd();
        this.output.end(FcgiConstants.REQUEST_COMPLETE);
    }

    /**
     * A STDOUT-or-other record as a web server expects it, padded to a multiple of 8,
     * built without RecordWriter.
     */
    private static byte[] record(int type, byte[] content) {
        int padding = (8 - content.length % 8) % 8;
        byte[] record = new byte[8 + content.length + padding];
        record[0] = 1;
        record[1] = (byte) type;
        record[2] = (byte) (ID >> 8);
        record[3] = (byte) ID;
        record[4] = (byte) (content.length >> 8);
        record[5] = (byte) content.length;
        record[6] = (byte) padding;
        System.arraycopy(content, 0, record, 8, content.length);
        return record;
    }

    private static byte[] endRequest(int protocolStatus) {
        return record(RecordType.END_REQUEST, new byte[] { 0, 0, 0, 0, (byte) protocolStatus, 0, 0, 0 });
    }

    /** The stream without its first record, the head. */
    private static byte[] afterHead(byte[] stream) {
        int headLength = 8 + (((stream[4] & 0xFF) << 8) | (stream[5] & 0xFF)) + (stream[6] & 0xFF);
        return Arrays.copyOfRange(stream, headLength, stream.length);
    }

    /** The STDOUT content after the head, end-of-stream excluded. */
    private static byte[] stdoutBody(byte[] stream) throws FcgiProtocolException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<Parsed> records = parse(stream);
        for (Parsed record : records.subList(1, records.size())) {
            if (record.type == RecordType.STDOUT) {
                body.writeBytes(record.content);
            }
        }
        return body.toByteArray();
    }

    private static List<Parsed> parse(byte[] stream) throws FcgiProtocolException {
        RecordParser parser = new RecordParser();
        ByteBuffer in = ByteBuffer.wrap(stream);
        List<Parsed> records = new ArrayList<>();
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        while (true) {
            switch (parser.next(in)) {
                case RecordParser.HEADER -> content.reset();
                case RecordParser.CONTENT -> content.write(stream, parser.contentOffset(), parser.contentChunkLength());
                case RecordParser.END -> records.add(new Parsed(parser.type(), parser.requestId(),
                        parser.contentLength(), parser.paddingLength(), content.toByteArray()));
                default -> {
                    assertThat(parser.atRecordBoundary()).as("stream ends on a record boundary").isTrue();
                    return records;
                }
            }
        }
    }

    private static byte[] pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** One record as the parser reported it. */
    private record Parsed(int type, int requestId, int contentLength, int paddingLength, byte[] content) {

        String text() {
            return new String(this.content, StandardCharsets.ISO_8859_1);
        }

    }

    /** One gathering write as the channel was given it. */
    private record Write(byte[] bytes, boolean flush) {
    }

    /** A channel that takes every byte and remembers each write. */
    private static final class RecordingChannel implements StdoutOutputBuffer.Channel {

        private final List<Write> writes = new ArrayList<>();

        private final List<Long> endings = new ArrayList<>();

        private final ByteArrayOutputStream all = new ByteArrayOutputStream();

        private IOException failure;

        private IOException failed;

        @Override
        public void write(ByteBuffer[] buffers, int count, boolean flush) throws IOException {
            if (this.failure != null) {
                throw this.failure;
            }
            ByteArrayOutputStream one = new ByteArrayOutputStream();
            for (int i = 0; i < count; i++) {
                ByteBuffer buffer = buffers[i];
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                one.writeBytes(bytes);
            }
            if (count > 0) {
                this.writes.add(new Write(one.toByteArray(), flush));
                this.all.writeBytes(one.toByteArray());
            }
        }

        @Override
        public void writeFailed(IOException ex) {
            this.failed = ex;
        }

        @Override
        public void ending(long wireBytesOut) {
            this.endings.add(wireBytesOut);
        }

        byte[] bytes() {
            return this.all.toByteArray();
        }

    }

}
