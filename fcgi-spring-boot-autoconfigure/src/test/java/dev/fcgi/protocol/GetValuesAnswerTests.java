package dev.fcgi.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static dev.fcgi.protocol.RecordBytes.ascii;
import static dev.fcgi.protocol.RecordBytes.concat;
import static dev.fcgi.protocol.RecordBytes.pairs;
import static dev.fcgi.protocol.RecordBytes.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link GetValuesAnswer}: the GET_VALUES_RESULT record for known, unknown and
 * malformed queries.
 */
class GetValuesAnswerTests {

    private final GetValuesAnswer answer = new GetValuesAnswer(10, 50, false);

    @Test
    void answersAllThreeVariablesWithMpxsConnsZero() throws Exception {
        byte[] query = pairs("FCGI_MAX_CONNS", "", "FCGI_MAX_REQS", "", "FCGI_MPXS_CONNS", "");
        assertThat(answerPairs(this.answer, query)).containsExactly(entry("FCGI_MAX_CONNS", "10"),
                entry("FCGI_MAX_REQS", "50"), entry("FCGI_MPXS_CONNS", "0"));
    }

    @Test
    void answerIsOneGetValuesResultRecordOnRequestIdZeroPaddedWithZeros() throws Exception {
        byte[] query = pairs("FCGI_MAX_CONNS", "", "FCGI_MAX_REQS", "", "FCGI_MPXS_CONNS", "");
        byte[] wire = write(this.answer, query);
        byte[] content = pairs("FCGI_MAX_CONNS", "10", "FCGI_MAX_REQS", "50", "FCGI_MPXS_CONNS", "0");
        assertThat(wire).containsExactly(records().record(RecordType.GET_VALUES_RESULT, 0, content).toByteArray());
        assertThat(wire.length % 8).isZero();
        List<ParsedRecord> parsed = ParsedRecord.parse(wire);
        assertThat(parsed).hasSize(1);
        assertThat(parsed.get(0).type()).isEqualTo(RecordType.GET_VALUES_RESULT);
        assertThat(parsed.get(0).requestId()).isEqualTo(FcgiConstants.NULL_REQUEST_ID);
    }

    @Test
    void multiplexingAnswerIsOne() throws Exception {
        GetValuesAnswer multiplexing = new GetValuesAnswer(1, 100, true);
        assertThat(answerPairs(multiplexing, pairs("FCGI_MPXS_CONNS", "")))
            .containsExactly(entry("FCGI_MPXS_CONNS", "1"));
    }

    @Test
    void unknownNamesAreLeftOut() throws Exception {
        byte[] query = pairs("FCGI_FOO", "", "FCGI_MAX_REQS", "", "fcgi_max_conns", "", "FCGI_MAX_CONN", "");
        assertThat(answerPairs(this.answer, query)).containsExactly(entry("FCGI_MAX_REQS", "50"));
    }

    @Test
    void onlyUnknownNamesGiveAnEmptyRecord() throws Exception {
        byte[] wire = write(this.answer, pairs("FCGI_FOO", "", "X", ""));
        assertThat(wire).containsExactly(1, RecordType.GET_VALUES_RESULT, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void emptyQueryGivesAnEmptyRecord() throws Exception {
        assertThat(write(this.answer, new byte[0])).containsExactly(1, 10, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void nameAskedTwiceIsAnsweredOnceAndValuesInTheQueryAreIgnored() throws Exception {
        byte[] query = pairs("FCGI_MAX_CONNS", "999", "FCGI_MAX_CONNS", "");
        ByteBuffer out = ByteBuffer.allocate(this.answer.maxRecordLength());
        this.answer.answer(query, 0, query.length, out);
        byte[] content = ParsedRecord.parse(Arrays.copyOf(out.array(), out.position())).get(0).content();
        assertThat(content).containsExactly(pairs("FCGI_MAX_CONNS", "10"));
    }

    @Test
    void queryIsReadAtItsOffsetInALargerArray() throws Exception {
        byte[] query = pairs("FCGI_MAX_REQS", "");
        byte[] array = concat(ascii("garbage"), query, pairs("FCGI_MAX_CONNS", ""));
        ByteBuffer out = ByteBuffer.allocate(this.answer.maxRecordLength());
        this.answer.answer(array, 7, query.length, out);
        byte[] content = ParsedRecord.parse(Arrays.copyOf(out.array(), out.position())).get(0).content();
        assertThat(content).containsExactly(pairs("FCGI_MAX_REQS", "50"));
    }

    @Test
    void malformedQueryIsAProtocolError() {
        byte[] query = new byte[] { 14, 0, 'F', 'C' };
        assertThatExceptionOfType(FcgiProtocolException.class)
            .isThrownBy(() -> this.answer.answer(query, 0, query.length, ByteBuffer.allocate(256)))
            .withMessageContaining("runs past the end");
    }

    @Test
    void largestAnswerFitsMaxRecordLength() throws Exception {
        GetValuesAnswer large = new GetValuesAnswer(Integer.MAX_VALUE, Integer.MIN_VALUE, true);
        byte[] query = pairs("FCGI_MPXS_CONNS", "", "FCGI_MAX_REQS", "", "FCGI_MAX_CONNS", "");
        ByteBuffer out = ByteBuffer.allocate(large.maxRecordLength());
        large.answer(query, 0, query.length, out);
        assertThat(out.position()).isLessThanOrEqualTo(large.maxRecordLength());
        assertThat(answerPairs(large, query)).containsOnly(entry("FCGI_MAX_CONNS", "2147483647"),
                entry("FCGI_MAX_REQS", "-2147483648"), entry("FCGI_MPXS_CONNS", "1"));
    }

    @Test
    void answerIsWrittenAtTheBufferPosition() throws Exception {
        byte[] query = pairs("FCGI_MAX_CONNS", "");
        ByteBuffer out = ByteBuffer.allocate(4 + this.answer.maxRecordLength());
        out.position(4);
        this.answer.answer(query, 0, query.length, out);
        assertThat(ParsedRecord.parse(Arrays.copyOfRange(out.array(), 4, out.position()))).hasSize(1);
    }

    private static byte[] write(GetValuesAnswer answer, byte[] query) throws FcgiProtocolException {
        byte[] array = new byte[answer.maxRecordLength()];
        Arrays.fill(array, (byte) 0x77);
        ByteBuffer out = ByteBuffer.wrap(array);
        answer.answer(query, 0, query.length, out);
        return Arrays.copyOf(array, out.position());
    }

    private static Map<String, String> answerPairs(GetValuesAnswer answer, byte[] query) throws FcgiProtocolException {
        byte[] content = ParsedRecord.parse(write(answer, query)).get(0).content();
        NameValueCursor cursor = new NameValueCursor().reset(content, 0, content.length);
        Map<String, String> pairs = new LinkedHashMap<>();
        while (cursor.next()) {
            pairs.put(new String(content, cursor.nameOffset(), cursor.nameLength()),
                    new String(content, cursor.valueOffset(), cursor.valueLength()));
        }
        return pairs;
    }

}
