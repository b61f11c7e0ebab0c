package dev.fcgi.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Answers an {@code FCGI_GET_VALUES} query: for each variable asked about that the
 * application knows ({@code FCGI_MAX_CONNS}, {@code FCGI_MAX_REQS},
 * {@code FCGI_MPXS_CONNS}), a pair with its value in one GET_VALUES_RESULT record.
 * Variables it does not know are left out, as the specification says.
 */
public final class GetValuesAnswer {

    private static final byte[] MAX_CONNS = FcgiConstants.MAX_CONNS.getBytes(StandardCharsets.US_ASCII);

    private static final byte[] MAX_REQS = FcgiConstants.MAX_REQS.getBytes(StandardCharsets.US_ASCII);

    private static final byte[] MPXS_CONNS = FcgiConstants.MPXS_CONNS.getBytes(StandardCharsets.US_ASCII);

    private final byte[] maxConns;

    private final byte[] maxReqs;

    private final byte[] mpxsConns;

    /**
     * Creates the answerer.
     * @param maxConnections value of {@code FCGI_MAX_CONNS}
     * @param maxRequests value of {@code FCGI_MAX_REQS}
     * @param multiplexes value of {@code FCGI_MPXS_CONNS}
     */
    public GetValuesAnswer(int maxConnections, int maxRequests, boolean multiplexes) {
        this.maxConns = ascii(Integer.toString(maxConnections));
        this.maxReqs = ascii(Integer.toString(maxRequests));
        this.mpxsConns = ascii(multiplexes ? "1" : "0");
    }

    /**
     * Writes the GET_VALUES_RESULT record for a query.
     * @param query the GET_VALUES content
     * @param offset where it starts
     * @param length its length
     * @param out where the record goes; needs {@link #maxRecordLength()} bytes of room
     * @throws FcgiProtocolException if the query's name-value pairs are malformed
     */
    public void answer(byte[] query, int offset, int length, ByteBuffer out) throws FcgiProtocolException {
        NameValueCursor cursor = new NameValueCursor().reset(query, offset, length);
        boolean conns = false;
        boolean reqs = false;
        boolean mpxs = false;
        while (cursor.next()) {
            conns |= cursor.nameEquals(MAX_CONNS);
            reqs |= cursor.nameEquals(MAX_REQS);
            mpxs |= cursor.nameEquals(MPXS_CONNS);
        }
        int contentLength = (conns ? NameValueEncoder.encodedLength(MAX_CONNS.length, this.maxConns.length) : 0)
                + (reqs ? NameValueEncoder.encodedLength(MAX_REQS.length, this.maxReqs.length) : 0)
                + (mpxs ? NameValueEncoder.encodedLength(MPXS_CONNS.length, this.mpxsConns.length) : 0);
        int padding = RecordWriter.paddingFor(contentLength);
        RecordWriter.putHeader(out, RecordType.GET_VALUES_RESULT, FcgiConstants.NULL_REQUEST_ID, contentLength,
                padding);
        if (conns) {
            NameValueEncoder.encode(out, MAX_CONNS, this.maxConns);
        }
        if (reqs) {
            NameValueEncoder.encode(out, MAX_REQS, this.maxReqs);
        }
        if (mpxs) {
            NameValueEncoder.encode(out, MPXS_CONNS, this.mpxsConns);
        }
        RecordWriter.putZeros(out, padding);
    }

    /**
     * @return the largest record {@link #answer} writes
     */
    public int maxRecordLength() {
        return FcgiConstants.HEADER_LENGTH + 3 * (2 + 16) + this.maxConns.length + this.maxReqs.length
                + this.mpxsConns.length + FcgiConstants.MAX_ALIGNMENT_PADDING;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

}
