package dev.fcgi.tomcat;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.fcgi.protocol.GetValuesAnswer;
import dev.fcgi.protocol.RecordWriter;

/**
 * The records a connection sends outside a response: answers to management records, and
 * END_REQUEST for a request that is refused before it starts. Each is serialised into one
 * small buffer, kept for the connection, and sent at once.
 */
final class ControlRecords {

    private final StdoutOutputBuffer output;

    private final ByteBuffer record = ByteBuffer.allocate(256);

    /**
     * @param output the connection's output, which sends the records
     */
    ControlRecords(StdoutOutputBuffer output) {
        this.output = output;
    }

    /**
     * Answers FCGI_GET_VALUES.
     * @param answer the connector's values
     * @param query the GET_VALUES record's content
     * @param length bytes of the content
     * @throws IOException if the query is malformed or the connection failed
     */
    void answerGetValues(GetValuesAnswer answer, byte[] query, int length) throws IOException {
        this.record.clear();
        answer.answer(query, 0, length, this.record);
        send();
    }

    /**
     * Answers a management record of an unknown type with FCGI_UNKNOWN_TYPE.
     * @param type the record's type
     * @throws IOException if the connection failed
     */
    void unknownType(int type) throws IOException {
        this.record.clear();
        RecordWriter.putUnknownType(this.record, type);
        send();
    }

    /**
     * Ends a request that never started.
     * @param requestId the request's id
     * @param protocolStatus why it was refused (FCGI_CANT_MPX_CONN, FCGI_UNKNOWN_ROLE)
     * @throws IOException if the connection failed
     */
    void refuse(int requestId, int protocolStatus) throws IOException {
        this.record.clear();
        RecordWriter.putEndRequest(this.record, requestId, 0, protocolStatus);
        send();
    }

    private void send() throws IOException {
        this.record.flip();
        this.output.writeRecord(this.record);
    }

}
