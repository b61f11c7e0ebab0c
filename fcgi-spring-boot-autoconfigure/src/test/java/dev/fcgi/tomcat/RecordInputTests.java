package dev.fcgi.tomcat;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.fcgi.protocol.FcgiConstants;
import dev.fcgi.protocol.FcgiProtocolException;
import dev.fcgi.protocol.RecordType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.fcgi.protocol.RecordBytes.ascii;
import static dev.fcgi.protocol.RecordBytes.concat;
import static dev.fcgi.protocol.RecordBytes.pairs;
import static dev.fcgi.protocol.RecordBytes.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The input side on its own, over a byte source that hands out a stream (built byte by
 * byte by {@code RecordBytes}, not by the record writer) in pieces of a chosen size:
 * which event each record becomes, content reported where it lies without copying,
 * BEGIN_REQUEST and GET_VALUES collected whole across reads, the end of input, and the
 * bytes counted.
 */
class RecordInputTests {

    private static final int ID = 1;

    @ParameterizedTest
    @ValueSource(ints = { 1, 7, 8, 9, 64, 8192 })
    void aWholeRequestBecomesItsEventsWhateverTheReadSizes(int pieceSize) throws Exception {
        byte[] params = pairs("REQUEST_METHOD", "POST", "CONTENT_LENGTH", "5");
        byte[] stream = concat(beginRequest(ID, FcgiConstants.ROLE_RESPONDER, true),
                stream(RecordType.PARAMS, ID, params), endOfStream(RecordType.PARAMS, ID),
                stream(RecordType.STDIN, ID, ascii("hello")), endOfStream(RecordType.STDIN, ID));
        PieceSource source = new PieceSource(stream, pieceSize);
        RecordInput input = new RecordInput(source, 8192);

        List<RecordEvent> events = new ArrayList<>();
        ByteArrayOutputStream paramsSeen = new ByteArrayOutputStream();
        ByteArrayOutputStream stdinSeen = new ByteArrayOutputStream();
        RecordEvent event;
        while ((event = input.next(false)) != RecordEvent.END_OF_INPUT) {
            if (event == RecordEvent.NEED_INPUT) {
                continue;
            }
            events.add(event);
            assertThat(input.requestId()).isEqualTo(ID);
            if (event == RecordEvent.BEGIN_REQUEST) {
                assertThat(input.role()).isEqualTo(FcgiConstants.ROLE_RESPONDER);
                assertThat(input.keepConnection()).isTrue();
            }
            ByteArrayOutputStream target = (event == RecordEvent.PARAMS) ? paramsSeen
                    : (event == RecordEvent.STDIN) ? stdinSeen : null;
            if (target != null) {
                target.write(input.array(), input.contentOffset(), input.contentLength());
            }
        }

        assertThat(events).first().isEqualTo(RecordEvent.BEGIN_REQUEST);
        assertThat(events).containsSubsequence(RecordEvent.BEGIN_REQUEST, RecordEvent.PARAMS, RecordEvent.PARAMS_END,
                RecordEvent.STDIN, RecordEvent.STDIN_END);
        assertThat(events).doesNotContain(RecordEvent.GET_VALUES, RecordEvent.UNKNOWN_MANAGEMENT);
        assertThat(paramsSeen.toByteArray()).isEqualTo(params);
        assertThat(stdinSeen.toByteArray()).isEqualTo(ascii("hello"));
        assertThat(input.isEndOfInput()).isTrue();
        assertThat(input.atRecordBoundary()).isTrue();
        assertThat(input.takeBytesRead()).isEqualTo(stream.length);
        assertThat(input.takeBytesRead()).isZero();
    }

    @Test
    void contentIsReportedInTheReadBufferNotCopied() throws Exception {
        RecordInput input = new RecordInput(new PieceSource(stream(RecordType.STDIN, ID, ascii("abc")), 8192), 8192);
        assertThat(input.next(false)).isEqualTo(RecordEvent.STDIN);
        ByteBuffer view = input.contentView();
        assertThat(view.array()).isSameAs(input.array());
        assertThat(StandardCharsets.US_ASCII.decode(view).toString()).isEqualTo("abc");
        assertThat(input.contentView()).as("the same view, every time").isSameAs(view);
    }

    @Test
    void aBeginRequestBodySplitOverReadsIsCollectedWhole() throws Exception {
        RecordInput input = new RecordInput(new PieceSource(beginRequest(7, FcgiConstants.ROLE_AUTHORIZER, false), 3),
                8192);
        RecordEvent event;
        do {
            event = input.next(false);
        }
        while (event == RecordEvent.NEED_INPUT);
        assertThat(event).isEqualTo(RecordEvent.BEGIN_REQUEST);
        assertThat(input.requestId()).isEqualTo(7);
        assertThat(input.role()).isEqualTo(FcgiConstants.ROLE_AUTHORIZER);
        assertThat(input.keepConnection()).isFalse();
    }

    @Test
    void aBeginRequestBodyOfAnotherLengthBreaksTheProtocol() {
        byte[] record = stream(RecordType.BEGIN_REQUEST, ID, new byte[] { 0, 1, 1, 0, 0, 0, 0, 0, 0 });
        RecordInput input = new RecordInput(new PieceSource(record, 8192), 8192);
        assertThatThrownBy(() -> input.next(false)).isInstanceOf(FcgiProtocolException.class)
            .hasMessageContaining("BEGIN_REQUEST body of 9 bytes");
    }

    @Test
    void managementRecordsAreCollectedOrReportedAsUnknown() throws Exception {
        byte[] query = pairs("FCGI_MAX_CONNS", "", "FCGI_MPXS_CONNS", "");
        byte[] stream = concat(stream(RecordType.GET_VALUES, FcgiConstants.NULL_REQUEST_ID, query),
                stream(99, FcgiConstants.NULL_REQUEST_ID, ascii("??")));
        RecordInput input = new RecordInput(new PieceSource(stream, 5), 8192);

        RecordEvent first = nextEvent(input);
        assertThat(first).isEqualTo(RecordEvent.GET_VALUES);
        byte[] collected = new byte[input.collectedLength()];
        System.arraycopy(input.collected(), 0, collected, 0, collected.length);
        assertThat(collected).isEqualTo(query);

        assertThat(nextEvent(input)).isEqualTo(RecordEvent.UNKNOWN_MANAGEMENT);
        assertThat(input.recordType()).isEqualTo(99);
    }

    @Test
    void abortAndRecordsOfOtherTypesAndEmptyStdoutAreToldApart() throws Exception {
        byte[] stream = concat(stream(RecordType.DATA, ID, ascii("ignored")), stream(RecordType.STDOUT, ID, ascii("x")),
                abort(ID));
        RecordInput input = new RecordInput(new PieceSource(stream, 8192), 8192);
        assertThat(nextEvent(input)).as("DATA and STDOUT from the web server are skipped")
            .isEqualTo(RecordEvent.ABORT_REQUEST);
    }

    @Test
    void theEndOfInputIsAnEventWithoutBlockingAndAnExceptionWhenBlocking() throws Exception {
        RecordInput input = new RecordInput(new PieceSource(new byte[0], 8192), 8192);
        assertThat(input.next(false)).isEqualTo(RecordEvent.END_OF_INPUT);
        RecordInput blocking = new RecordInput(new PieceSource(new byte[0], 8192), 8192);
        assertThatThrownBy(() -> blocking.next(true)).isInstanceOf(EOFException.class);
    }

    @Test
    void recycleForgetsAPartialRecordAndTheEnd() throws Exception {
        byte[] whole = stream(RecordType.STDIN, ID, ascii("abcdef"));
        PieceSource source = new PieceSource(whole, 10);
        RecordInput input = new RecordInput(source, 8192);
        assertThat(input.next(false)).isEqualTo(RecordEvent.STDIN);
        assertThat(input.atRecordBoundary()).isFalse();
        input.recycle();
        assertThat(input.atRecordBoundary()).isTrue();
        assertThat(input.hasBufferedInput()).isFalse();
        assertThat(input.takeBytesRead()).isZero();
    }

    private static RecordEvent nextEvent(RecordInput input) throws Exception {
        RecordEvent event;
        do {
            event = input.next(false);
        }
        while (event == RecordEvent.NEED_INPUT);
        return event;
    }

    private static byte[] beginRequest(int id, int role, boolean keep) {
        return records().beginRequest(id, role, keep ? FcgiConstants.FLAG_KEEP_CONN : 0).toByteArray();
    }

    private static byte[] stream(int type, int id, byte[] content) {
        return records().record(type, id, content).toByteArray();
    }

    private static byte[] endOfStream(int type, int id) {
        return records().record(type, id, new byte[0]).toByteArray();
    }

    private static byte[] abort(int id) {
        return endOfStream(RecordType.ABORT_REQUEST, id);
    }

    /**
     * Hands out a prepared stream a piece at a time; a read between pieces finds nothing,
     * as a non-blocking read.
     */
    static final class PieceSource implements RecordInput.Source {

        private final byte[] bytes;

        private final int pieceSize;

        private int position;

        private boolean dryTurn;

        PieceSource(byte[] bytes, int pieceSize) {
            this.bytes = bytes;
            this.pieceSize = pieceSize;
        }

        @Override
        public int read(boolean block, ByteBuffer into) {
            if (this.position == this.bytes.length) {
                return -1;
            }
            if (!block && this.dryTurn) {
                this.dryTurn = false;
                return 0;
            }
            this.dryTurn = true;
            int n = Math.min(Math.min(this.pieceSize, into.remaining()), this.bytes.length - this.position);
            into.put(this.bytes, this.position, n);
            this.position += n;
            return n;
        }

    }

}
