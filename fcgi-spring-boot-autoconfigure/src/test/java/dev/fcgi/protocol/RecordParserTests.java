package dev.fcgi.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.fcgi.protocol.RecordBytes.ascii;
import static dev.fcgi.protocol.RecordBytes.concat;
import static dev.fcgi.protocol.RecordBytes.length4;
import static dev.fcgi.protocol.RecordBytes.letters;
import static dev.fcgi.protocol.RecordBytes.pair;
import static dev.fcgi.protocol.RecordBytes.pairs;
import static dev.fcgi.protocol.RecordBytes.pattern;
import static dev.fcgi.protocol.RecordBytes.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RecordParser}: events, record fields, splits at every byte, maximum
 * lengths and bad versions.
 */
class RecordParserTests {

    private static final byte[] LONG_VALUE = letters(200);

    private static final byte[] LONG_NAME = letters(130);

    /**
     * PARAMS body with a 4-byte value length and a 4-byte name length among 1-byte ones.
     */
    private static final byte[] PARAMS_BODY = concat(pairs("REQUEST_METHOD", "POST", "REQUEST_URI", "/a?b=c"),
            pair(ascii("HTTP_X_LONG"), LONG_VALUE), pair(LONG_NAME, ascii("v")), pairs("CONTENT_LENGTH", "5"));

    /**
     * A request as a web server sends it: BEGIN_REQUEST, PARAMS with 4-byte lengths,
     * empty PARAMS, STDIN with standard and with odd padding, a padding-only DATA record,
     * empty STDIN, and a GET_VALUES on request id 0.
     */
    private static final byte[] REQUEST = records()
        .beginRequest(1, FcgiConstants.ROLE_RESPONDER, FcgiConstants.FLAG_KEEP_CONN)
        .record(RecordType.PARAMS, 1, PARAMS_BODY)
        .record(RecordType.PARAMS, 1, new byte[0])
        .record(RecordType.STDIN, 1, ascii("hello"))
        .record(RecordType.STDIN, 1, pattern(3, 1), 13)
        .record(RecordType.DATA, 1, new byte[0], 8)
        .record(RecordType.STDIN, 1, new byte[0])
        .record(RecordType.GET_VALUES, 0, pairs(FcgiConstants.MAX_CONNS, ""))
        .toByteArray();

    @Test
    void fedWholeReportsEveryRecordWithItsFieldsAndContent() throws Exception {
        List<ParsedRecord> records = ParsedRecord.parse(REQUEST);
        assertThat(records).extracting(ParsedRecord::toString)
            .containsExactly("BEGIN_REQUEST id=1 len=8 pad=0",
                    "PARAMS id=1 len=" + PARAMS_BODY.length + " pad=" + ((8 - PARAMS_BODY.length % 8) % 8),
                    "PARAMS id=1 len=0 pad=0", "STDIN id=1 len=5 pad=3", "STDIN id=1 len=3 pad=13",
                    "DATA id=1 len=0 pad=8", "STDIN id=1 len=0 pad=0", "GET_VALUES id=0 len=16 pad=0");
        byte[] begin = records.get(0).content();
        assertThat(BeginRequestBody.role(begin, 0)).isEqualTo(FcgiConstants.ROLE_RESPONDER);
        assertThat(BeginRequestBody.keepConnection(begin, 0)).isTrue();
        assertThat(records.get(1).content()).isEqualTo(PARAMS_BODY);
        assertThat(records.get(3).content()).isEqualTo(ascii("hello"));
        assertThat(records.get(4).content()).isEqualTo(pattern(3, 1));
    }

    @Test
    void paramsContentReassembledFromChunksDecodesToTheSentPairs() throws Exception {
        byte[] body = ParsedRecord.parseByteByByte(REQUEST).get(1).content();
        NameValueCursor cursor = new NameValueCursor().reset(body, 0, body.length);
        List<String> names = new ArrayList<>();
        List<Integer> valueLengths = new ArrayList<>();
        while (cursor.next()) {
            names.add(new String(body, cursor.nameOffset(), cursor.nameLength()));
            valueLengths.add(cursor.valueLength());
        }
        assertThat(names).containsExactly("REQUEST_METHOD", "REQUEST_URI", "HTTP_X_LONG", new String(LONG_NAME),
                "CONTENT_LENGTH");
        assertThat(valueLengths).containsExactly(4, 6, 200, 1, 1);
    }

    @Test
    void fedOneByteAtATimeYieldsTheSameRecordsAsFedWhole() throws Exception {
        assertThat(ParsedRecord.parseByteByByte(REQUEST)).isEqualTo(ParsedRecord.parse(REQUEST));
    }

    @Test
    void splitInTwoAtEveryPositionYieldsTheSameRecordsAsFedWhole() throws Exception {
        List<ParsedRecord> whole = ParsedRecord.parse(REQUEST);
        for (int cut = 0; cut <= REQUEST.length; cut++) {
            assertThat(ParsedRecord.parse(REQUEST, cut)).as("cut at %d", cut).isEqualTo(whole);
        }
    }

    @Test
    void splitInThreeAtEveryPairOfPositionsYieldsTheSameRecordsAsFedWhole() throws Exception {
        List<ParsedRecord> whole = ParsedRecord.parse(REQUEST);
        for (int first = 0; first <= REQUEST.length; first++) {
            for (int second = first; second <= REQUEST.length; second++) {
                List<ParsedRecord> split = ParsedRecord.parse(REQUEST, first, second);
                if (!split.equals(whole)) {
                    assertThat(split).as("cuts at %d and %d", first, second).isEqualTo(whole);
                }
            }
        }
    }

    @Test
    void eventsComeAsHeaderContentEndForEachRecord() throws Exception {
        byte[] stream = records().record(RecordType.STDIN, 3, ascii("abc"))
            .record(RecordType.STDIN, 3, new byte[0])
            .toByteArray();
        RecordParser parser = new RecordParser();
        ByteBuffer in = ByteBuffer.wrap(stream);
        List<Integer> events = new ArrayList<>();
        int event;
        while ((event = parser.next(in)) != RecordParser.NEED_INPUT) {
            events.add(event);
        }
        assertThat(events).containsExactly(RecordParser.HEADER, RecordParser.CONTENT, RecordParser.END,
                RecordParser.HEADER, RecordParser.END);
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void emptyRecordEndsWithoutWaitingForMoreInput() throws Exception {
        RecordParser parser = new RecordParser();
        ByteBuffer in = ByteBuffer.wrap(records().record(RecordType.STDIN, 1, new byte[0]).toByteArray());
        assertThat(parser.next(in)).isEqualTo(RecordParser.HEADER);
        assertThat(parser.contentLength()).isZero();
        assertThat(in.hasRemaining()).isFalse();
        assertThat(parser.next(in)).isEqualTo(RecordParser.END);
        assertThat(parser.atRecordBoundary()).isTrue();
        assertThat(parser.next(in)).isEqualTo(RecordParser.NEED_INPUT);
    }

    @Test
    void recordEndsOnlyOnceItsPaddingHasArrived() throws Exception {
        byte[] stream = records().record(RecordType.STDIN, 1, ascii("x"), 7).toByteArray();
        RecordParser parser = new RecordParser();
        ByteBuffer in = ByteBuffer.wrap(stream, 0, stream.length - 1);
        assertThat(parser.next(in)).isEqualTo(RecordParser.HEADER);
        assertThat(parser.next(in)).isEqualTo(RecordParser.CONTENT);
        assertThat(parser.next(in)).isEqualTo(RecordParser.NEED_INPUT);
        assertThat(parser.atRecordBoundary()).isFalse();
        assertThat(parser.next(ByteBuffer.wrap(stream, stream.length - 1, 1))).isEqualTo(RecordParser.END);
    }

    @Test
    void emptyInputNeedsInputAndConsumesNothing() throws Exception {
        RecordParser parser = new RecordParser();
        assertThat(parser.next(ByteBuffer.allocate(0))).isEqualTo(RecordParser.NEED_INPUT);
        assertThat(parser.atRecordBoundary()).isTrue();
    }

    @Test
    void partialHeaderIsNotARecordBoundary() throws Exception {
        RecordParser parser = new RecordParser();
        assertThat(parser.next(ByteBuffer.wrap(new byte[] { 1, 5, 0 }))).isEqualTo(RecordParser.NEED_INPUT);
        assertThat(parser.atRecordBoundary()).isFalse();
    }

    @Test
    void headerFieldsUseAllSixteenBitsUnsigned() throws Exception {
        byte[] stream = records().record(0xFF, 0xFFFF, new byte[0xFFFF], 0xFF).toByteArray();
        RecordParser parser = new RecordParser();
        ByteBuffer in = ByteBuffer.wrap(stream);
        assertThat(parser.next(in)).isEqualTo(RecordParser.HEADER);
        assertThat(parser.type()).isEqualTo(255);
        assertThat(parser.requestId()).isEqualTo(65535);
        assertThat(parser.contentLength()).isEqualTo(65535);
        assertThat(parser.paddingLength()).isEqualTo(255);
        assertThat(parser.contentRemaining()).isEqualTo(65535);
    }

    @Test
    void maximumContentAndPaddingAreParsedAndSkippedExactlyWholeAndByteByByte() throws Exception {
        byte[] content = pattern(FcgiConstants.MAX_CONTENT_LENGTH, 9);
        byte[] stream = records().record(RecordType.STDIN, 2, content, 255)
            .record(RecordType.STDIN, 2, ascii("next"))
            .toByteArray();
        assertThat(stream).hasSize(8 + 65535 + 255 + 16);
        List<ParsedRecord> whole = ParsedRecord.parse(stream);
        assertThat(whole).extracting(ParsedRecord::toString)
            .containsExactly("STDIN id=2 len=65535 pad=255", "STDIN id=2 len=4 pad=4");
        assertThat(whole.get(0).content()).isEqualTo(content);
        assertThat(whole.get(1).content()).isEqualTo(ascii("next"));
        assertThat(ParsedRecord.parseByteByByte(stream)).isEqualTo(whole);
    }

    @Test
    void contentChunkIsReportedInPlaceAtTheBackingArrayIndex() throws Exception {
        byte[] backing = concat(new byte[] { 9, 9, 9, 9 },
                records().record(RecordType.STDIN, 1, ascii("abcdefgh")).toByteArray());
        ByteBuffer in = ByteBuffer.wrap(backing, 2, backing.length - 2).slice();
        in.position(2);
        RecordParser parser = new RecordParser();
        assertThat(parser.next(in)).isEqualTo(RecordParser.HEADER);
        assertThat(parser.next(in)).isEqualTo(RecordParser.CONTENT);
        assertThat(in.array()).isSameAs(backing);
        assertThat(parser.contentOffset()).isEqualTo(4 + 8);
        assertThat(parser.contentChunkLength()).isEqualTo(8);
        assertThat(new String(backing, parser.contentOffset(), parser.contentChunkLength())).isEqualTo("abcdefgh");
    }

    @Test
    void contentIsReportedInChunksAsItArrives() throws Exception {
        byte[] stream = records().record(RecordType.STDIN, 1, ascii("0123456789")).toByteArray();
        RecordParser parser = new RecordParser();
        assertThat(parser.next(ByteBuffer.wrap(stream, 0, 12))).isEqualTo(RecordParser.HEADER);
        ByteBuffer second = ByteBuffer.wrap(stream, 12, 4);
        assertThat(parser.next(second)).isEqualTo(RecordParser.CONTENT);
        assertThat(parser.contentChunkLength()).isEqualTo(4);
        assertThat(parser.contentRemaining()).isEqualTo(6);
        assertThat(parser.next(second)).isEqualTo(RecordParser.NEED_INPUT);
    }

    @Test
    void parserStopsAtTheRecordEndAndLeavesFollowingBytesInTheBuffer() throws Exception {
        byte[] stream = records().record(RecordType.STDIN, 1, ascii("ab"))
            .record(RecordType.STDIN, 1, ascii("cd"))
            .toByteArray();
        RecordParser parser = new RecordParser();
        ByteBuffer in = ByteBuffer.wrap(stream);
        parser.next(in);
        parser.next(in);
        assertThat(parser.next(in)).isEqualTo(RecordParser.END);
        assertThat(in.position()).isEqualTo(16);
    }

    @Test
    void reservedHeaderByteIsIgnored() throws Exception {
        byte[] stream = records().raw(1, RecordType.STDIN, 0, 1, 0, 1, 7, 0xAB).raw(new byte[8]).toByteArray();
        assertThat(ParsedRecord.parse(stream)).extracting(ParsedRecord::toString)
            .containsExactly("STDIN id=1 len=1 pad=7");
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 2, 0x10, 0xFF })
    void headerWithWrongVersionIsRejectedNamingTheVersion(int version) {
        byte[] stream = records().header(version, RecordType.BEGIN_REQUEST, 1, 8, 0).raw(new byte[8]).toByteArray();
        assertThatExceptionOfType(FcgiProtocolException.class).isThrownBy(() -> ParsedRecord.parse(stream))
            .withMessageContaining("version " + version)
            .withMessageContaining("expected 1");
    }

    @Test
    void wrongVersionIsRejectedWhenTheHeaderArrivesByteByByte() {
        byte[] stream = records().header(2, RecordType.STDIN, 1, 0, 0).toByteArray();
        RecordParser parser = new RecordParser();
        assertThatExceptionOfType(FcgiProtocolException.class).isThrownBy(() -> {
            for (int i = 0; i < stream.length; i++) {
                assertThat(parser.next(ByteBuffer.wrap(stream, i, 1))).isEqualTo(RecordParser.NEED_INPUT);
            }
        }).withMessageContaining("version 2");
    }

    @Test
    void wrongVersionAfterAGoodRecordIsRejected() {
        byte[] stream = records().record(RecordType.STDIN, 1, ascii("ok"))
            .header(0, RecordType.STDIN, 1, 0, 0)
            .toByteArray();
        assertThatExceptionOfType(FcgiProtocolException.class).isThrownBy(() -> ParsedRecord.parse(stream))
            .withMessageContaining("version 0");
    }

    @Test
    void resetForgetsAPartialRecord() throws Exception {
        RecordParser parser = new RecordParser();
        byte[] stream = records().record(RecordType.STDIN, 1, ascii("abcdef")).toByteArray();
        parser.next(ByteBuffer.wrap(stream, 0, 5));
        assertThat(parser.atRecordBoundary()).isFalse();
        parser.reset();
        assertThat(parser.atRecordBoundary()).isTrue();
        ByteBuffer in = ByteBuffer.wrap(records().record(RecordType.PARAMS, 4, new byte[0]).toByteArray());
        assertThat(parser.next(in)).isEqualTo(RecordParser.HEADER);
        assertThat(parser.type()).isEqualTo(RecordType.PARAMS);
        assertThat(parser.requestId()).isEqualTo(4);
        assertThat(parser.next(in)).isEqualTo(RecordParser.END);
    }

    @Test
    void resetInTheMiddleOfContentForgetsTheRestOfTheRecord() throws Exception {
        RecordParser parser = new RecordParser();
        byte[] stream = records().record(RecordType.STDIN, 1, ascii("abcdef")).toByteArray();
        ByteBuffer first = ByteBuffer.wrap(stream, 0, 10);
        parser.next(first);
        parser.next(first);
        parser.reset();
        ByteBuffer in = ByteBuffer.wrap(records().record(RecordType.STDIN, 5, ascii("z")).toByteArray());
        assertThat(parser.next(in)).isEqualTo(RecordParser.HEADER);
        assertThat(parser.requestId()).isEqualTo(5);
        assertThat(parser.next(in)).isEqualTo(RecordParser.CONTENT);
        assertThat(parser.contentChunkLength()).isEqualTo(1);
        assertThat(parser.next(in)).isEqualTo(RecordParser.END);
    }

    @Test
    void fourByteLengthInParamsIsBigEndianWithTheHighBitAsMarker() throws Exception {
        byte[] body = concat(new byte[] { 1 }, length4(300), ascii("N"), letters(300));
        byte[] stream = records().record(RecordType.PARAMS, 1, body).toByteArray();
        byte[] parsed = ParsedRecord.parseByteByByte(stream).get(0).content();
        NameValueCursor cursor = new NameValueCursor().reset(parsed, 0, parsed.length);
        assertThat(cursor.next()).isTrue();
        assertThat(cursor.valueLength()).isEqualTo(300);
    }

}
