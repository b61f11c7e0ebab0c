package dev.fcgi.tomcat;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.fcgi.protocol.FcgiProtocolException;

/**
 * Coverage-guided fuzzing of {@link RecordInput} without a socket or Tomcat: arbitrary
 * bytes, handed over by a {@link RecordInput.Source} in pieces of sizes the fuzzer
 * chooses, must turn into the events a simple parse of the whole byte array says they
 * stand for.
 * <p>
 * The oracle, for every input:
 * <ul>
 * <li>nothing is thrown but {@link FcgiProtocolException}, or {@link EOFException} at the
 * end of input when reading blocks;</li>
 * <li>every PARAMS and STDIN chunk lies inside {@link RecordInput#array()}, is not empty,
 * and {@link RecordInput#contentView()} shows the same bytes;</li>
 * <li>the events, with the content of consecutive PARAMS or STDIN chunks of one request
 * id joined, equal those of {@link #expectedEvents(byte[]) the test's own parse} of the
 * whole array, written from the FastCGI specification and sharing no code with the
 * connector: so they depend neither on the piece sizes nor on the read buffer's
 * size;</li>
 * <li>the bytes counted ({@link RecordInput#takeBytesRead()}) are those the source handed
 * over, after every call; and the source is never asked to read into a full buffer (which
 * would make the processor spin).</li>
 * </ul>
 * Input layout: byte 0 bit 0 says whether reads block; bytes 1-2 (big-endian) are the
 * read buffer's size less one; byte 3 is how many piece sizes follow (at most
 * {@value #MAX_PIECES}), one byte each, 0 meaning "nothing available now"; the rest is
 * the byte stream, handed over one read per listed size, then in as large pieces as the
 * buffer takes. Missing header bytes count as 0. Seeds, under
 * {@code RecordInputFuzzTestsInputs/anyPieces}, are the byte streams captured from nginx,
 * Apache httpd and HAProxy that {@link FcgiProcessorFuzzTests} starts from, each behind a
 * header choosing a different mode, buffer and pieces. Without {@code JAZZER_FUZZ} they
 * run as a regression test.
 */
class RecordInputFuzzTests {

    private static final int MAX_PIECES = 64;

    private static final int HEADER_BYTES = 4;

    // Record types and lengths from the FastCGI 1.0 specification, spelt out here rather
    // than taken from the code under test.
    private static final int FCGI_VERSION_1 = 1;

    private static final int FCGI_BEGIN_REQUEST = 1;

    private static final int FCGI_ABORT_REQUEST = 2;

    private static final int FCGI_PARAMS = 4;

    private static final int FCGI_STDIN = 5;

    private static final int FCGI_GET_VALUES = 9;

    private static final int RECORD_HEADER_LENGTH = 8;

    private static final int BEGIN_REQUEST_BODY_LENGTH = 8;

    @FuzzTest(maxDuration = "60s")
    void anyPieces(byte[] input) throws Exception {
        boolean block = byteAt(input, 0) % 2 == 1;
        int bufferSize = ((byteAt(input, 1) << 8) | byteAt(input, 2)) + 1;
        int pieceCount = Math.min(byteAt(input, 3), MAX_PIECES);
        int[] pieces = new int[pieceCount];
        for (int i = 0; i < pieceCount; i++) {
            pieces[i] = byteAt(input, HEADER_BYTES + i);
        }
        int streamStart = Math.min(input.length, HEADER_BYTES + pieceCount);
        byte[] stream = Arrays.copyOfRange(input, streamStart, input.length);

        List<String> expected = expectedEvents(stream);
        List<String> actual = eventsOf(stream, block, bufferSize, pieces);
        if (!actual.equals(expected)) {
            throw new AssertionError("Read " + (block ? "blocking" : "without blocking") + " through a buffer of "
                    + bufferSize + " bytes in pieces of " + Arrays.toString(pieces) + ", the stream gave\n"
                    + String.join("\n", actual) + "\nbut stands for\n" + String.join("\n", expected));
        }
    }

    private static int byteAt(byte[] input, int index) {
        return (index < input.length) ? input[index] & 0xFF : 0;
    }

    /**
     * Runs a record input over the stream and writes down its events, chunks of content
     * joined, ending with how the stream ended: {@code end of input} (and whether on a
     * record boundary) or {@code rejected}.
     */
    private static List<String> eventsOf(byte[] stream, boolean block, int bufferSize, int[] pieces) throws Exception {
        PieceSource source = new PieceSource(stream, pieces);
        RecordInput input = new RecordInput(source, bufferSize);
        byte[] array = input.array();
        Events events = new Events();
        long counted = 0;
        int maxCalls = 4 * (stream.length + pieces.length) + 16;
        for (int calls = 0;; calls++) {
            if (calls > maxCalls) {
                throw new AssertionError("Still no end after " + calls + " calls: " + events.list());
            }
            RecordEvent event;
            try {
                event = input.next(block);
            }
            catch (FcgiProtocolException ex) {
                counted += input.takeBytesRead();
                checkCounted(counted, source);
                events.add("rejected");
                return events.list();
            }
            catch (EOFException ex) {
                if (!block) {
                    throw new AssertionError("EOFException when reading without blocking", ex);
                }
                event = RecordEvent.END_OF_INPUT;
            }
            counted += input.takeBytesRead();
            checkCounted(counted, source);
            if (input.array() != array) {
                throw new AssertionError("array() changed");
            }
            switch (event) {
                case NEED_INPUT -> {
                    if (block) {
                        throw new AssertionError("NEED_INPUT when reading blocks");
                    }
                }
                case END_OF_INPUT -> {
                    if (counted != stream.length || !input.isEndOfInput() || input.hasBufferedInput()) {
                        throw new AssertionError(
                                "End of input after " + counted + " of " + stream.length + " bytes, isEndOfInput "
                                        + input.isEndOfInput() + ", buffered input left " + input.hasBufferedInput());
                    }
                    events.add("end of input, on a record boundary " + input.atRecordBoundary());
                    return events.list();
                }
                case PARAMS, STDIN -> events.content(event, input.requestId(), chunk(input));
                case BEGIN_REQUEST -> events.add(event + " id=" + input.requestId() + " role=" + input.role() + " keep="
                        + input.keepConnection());
                case GET_VALUES -> events.add(event + " id=" + input.requestId() + " content="
                        + HexFormat.of().formatHex(input.collected(), 0, input.collectedLength()));
                case UNKNOWN_MANAGEMENT ->
                    events.add(event + " id=" + input.requestId() + " type=" + input.recordType());
                default -> events.add(event + " id=" + input.requestId());
            }
        }
    }

    private static void checkCounted(long counted, PieceSource source) {
        if (counted != source.handedOver) {
            throw new AssertionError("Counted " + counted + " bytes read, the source handed over " + source.handedOver);
        }
    }

    /**
     * The chunk the last PARAMS or STDIN event points at, after checking that it lies in
     * the array.
     */
    private static byte[] chunk(RecordInput input) {
        byte[] array = input.array();
        int offset = input.contentOffset();
        int length = input.contentLength();
        if (length <= 0 || offset < 0 || offset > array.length - length) {
            throw new AssertionError("Chunk of " + length + " bytes at " + offset + " in an array of " + array.length);
        }
        ByteBuffer view = input.contentView();
        if (view.array() != array || view.arrayOffset() != 0 || view.position() != offset
                || view.remaining() != length) {
            throw new AssertionError("contentView() " + view + " for the chunk of " + length + " bytes at " + offset);
        }
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    /**
     * The events a stream stands for, read record by record over the whole array: what a
     * record input must report however the stream reaches it.
     */
    static List<String> expectedEvents(byte[] stream) {
        Events events = new Events();
        int position = 0;
        while (true) {
            int left = stream.length - position;
            if (left < RECORD_HEADER_LENGTH) {
                events.add("end of input, on a record boundary " + (left == 0));
                return events.list();
            }
            int version = stream[position] & 0xFF;
            if (version != FCGI_VERSION_1) {
                events.add("rejected");
                return events.list();
            }
            int type = stream[position + 1] & 0xFF;
            int requestId = ((stream[position + 2] & 0xFF) << 8) | (stream[position + 3] & 0xFF);
            int contentLength = ((stream[position + 4] & 0xFF) << 8) | (stream[position + 5] & 0xFF);
            int paddingLength = stream[position + 6] & 0xFF;
            int contentStart = position + RECORD_HEADER_LENGTH;
            int contentEnd = Math.min(stream.length, contentStart + contentLength);
            boolean management = requestId == 0;
            if (!management && (type == FCGI_PARAMS || type == FCGI_STDIN) && contentEnd > contentStart) {
                events.content((type == FCGI_PARAMS) ? RecordEvent.PARAMS : RecordEvent.STDIN, requestId,
                        Arrays.copyOfRange(stream, contentStart, contentEnd));
            }
            int recordEnd = contentStart + contentLength + paddingLength;
            if (recordEnd > stream.length) {
                events.add("end of input, on a record boundary false");
                return events.list();
            }
            if (management) {
                if (type == FCGI_GET_VALUES) {
                    int kept = Math.min(contentLength, RecordInput.COLLECT_LIMIT);
                    events.add("GET_VALUES id=0 content="
                            + HexFormat.of().formatHex(stream, contentStart, contentStart + kept));
                }
                else {
                    events.add("UNKNOWN_MANAGEMENT id=0 type=" + type);
                }
            }
            else if (type == FCGI_BEGIN_REQUEST) {
                if (contentLength != BEGIN_REQUEST_BODY_LENGTH) {
                    events.add("rejected");
                    return events.list();
                }
                int role = ((stream[contentStart] & 0xFF) << 8) | (stream[contentStart + 1] & 0xFF);
                boolean keep = (stream[contentStart + 2] & 1) != 0;
                events.add("BEGIN_REQUEST id=" + requestId + " role=" + role + " keep=" + keep);
            }
            else if (type == FCGI_PARAMS && contentLength == 0) {
                events.add("PARAMS_END id=" + requestId);
            }
            else if (type == FCGI_STDIN && contentLength == 0) {
                events.add("STDIN_END id=" + requestId);
            }
            else if (type == FCGI_ABORT_REQUEST) {
                events.add("ABORT_REQUEST id=" + requestId);
            }
            position = recordEnd;
        }
    }

    /**
     * Events written down as text, content of consecutive PARAMS or STDIN chunks of one
     * request id joined into one entry: how content is chunked depends on the reads, what
     * it adds up to must not.
     */
    private static final class Events {

        private final List<String> list = new ArrayList<>();

        private String contentKey;

        private final ByteArrayOutputStream content = new ByteArrayOutputStream();

        void add(String event) {
            closeContent();
            this.list.add(event);
        }

        void content(RecordEvent event, int requestId, byte[] chunk) {
            String key = event + " id=" + requestId;
            if (!key.equals(this.contentKey)) {
                closeContent();
                this.contentKey = key;
            }
            this.content.writeBytes(chunk);
        }

        List<String> list() {
            closeContent();
            return this.list;
        }

        private void closeContent() {
            if (this.contentKey != null) {
                this.list.add(this.contentKey + " content=" + HexFormat.of().formatHex(this.content.toByteArray()));
                this.contentKey = null;
                this.content.reset();
            }
        }

    }

    /**
     * Hands the stream over in reads of at most the listed sizes, one size per read (what
     * the buffer has no room for waits for later reads), then the rest in as large pieces
     * as the buffer takes. A size of 0 is "nothing available now": a read without
     * blocking returns 0, a blocking read waits for the next size.
     */
    private static final class PieceSource implements RecordInput.Source {

        private final byte[] stream;

        private final int[] pieces;

        private int nextPiece;

        long handedOver;

        PieceSource(byte[] stream, int[] pieces) {
            this.stream = stream;
            this.pieces = pieces;
        }

        @Override
        public int read(boolean block, ByteBuffer into) {
            if (!into.hasRemaining()) {
                throw new AssertionError("Asked to read into a full buffer");
            }
            int left = this.stream.length - (int) this.handedOver;
            if (left == 0) {
                return -1;
            }
            int piece = Integer.MAX_VALUE;
            while (this.nextPiece < this.pieces.length) {
                piece = this.pieces[this.nextPiece++];
                if (piece > 0 || !block) {
                    break;
                }
                piece = Integer.MAX_VALUE;
            }
            int n = Math.min(Math.min(piece, into.remaining()), left);
            into.put(this.stream, (int) this.handedOver, n);
            this.handedOver += n;
            return n;
        }

    }

}
