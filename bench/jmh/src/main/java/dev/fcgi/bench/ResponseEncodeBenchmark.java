package dev.fcgi.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import dev.fcgi.protocol.FcgiConstants;
import dev.fcgi.protocol.RecordType;
import dev.fcgi.protocol.RecordWriter;
import dev.fcgi.protocol.StreamRecordBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding a response as the connector does: a CGI head in STDOUT records, then 64 KiB of
 * body written by the application in 8 KiB chunks into the output buffer (cut into
 * records and padded), then the stream's end and END_REQUEST. The returned bytes are what
 * goes to the socket.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ResponseEncodeBenchmark {

    /** The connector's output buffer size (fcgi.output.buffer-size). */
    @Param({ "8192", "65536" })
    public int bufferSize;

    private final byte[] head = ("Status: 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 65536\r\n"
            + "Cache-Control: no-store\r\nX-Request-Id: 7f3c9a\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);

    private final byte[] body = new byte[65536];

    private final ByteBuffer headOut = ByteBuffer.allocate(1024);

    private StreamRecordBuffer stdout;

    @Setup
    public void setUp() {
        this.stdout = new StreamRecordBuffer(this.bufferSize);
        this.stdout.stream(RecordType.STDOUT, 1);
    }

    /**
     * @return bytes handed to the socket
     */
    @Benchmark
    public long encodeHeadAnd64KiB() {
        long written = 0;
        this.headOut.clear();
        RecordWriter.putStream(this.headOut, RecordType.STDOUT, 1, this.head, 0, this.head.length);
        written += this.headOut.position();
        for (int offset = 0; offset < this.body.length; offset += 8192) {
            int taken = 0;
            while (taken < 8192) {
                taken += this.stdout.append(this.body, offset + taken, 8192 - taken);
                if (this.stdout.isFull()) {
                    written += this.stdout.finish().remaining();
                    this.stdout.clear();
                }
            }
        }
        this.stdout.appendEndOfStream();
        this.stdout.appendEndRequest(0, FcgiConstants.REQUEST_COMPLETE);
        written += this.stdout.finish().remaining();
        this.stdout.clear();
        return written;
    }

}
