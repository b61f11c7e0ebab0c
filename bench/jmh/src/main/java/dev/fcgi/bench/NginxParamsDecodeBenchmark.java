package dev.fcgi.bench;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.fcgi.protocol.CgiParam;
import dev.fcgi.protocol.FcgiConstants;
import dev.fcgi.protocol.FcgiProtocolException;
import dev.fcgi.protocol.NameValueCursor;
import dev.fcgi.protocol.NameValueEncoder;
import dev.fcgi.protocol.RecordParser;
import dev.fcgi.protocol.RecordType;
import dev.fcgi.protocol.RecordWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding what nginx sends for a browser's GET: BEGIN_REQUEST, the PARAMS of Debian's
 * stock fastcgi_params plus typical browser headers, the empty PARAMS and empty STDIN;
 * every record parsed, every pair walked and its name classified, as the connector does
 * before a request is dispatched.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NginxParamsDecodeBenchmark {

    private ByteBuffer request;

    private final RecordParser parser = new RecordParser();

    private final NameValueCursor cursor = new NameValueCursor();

    private final byte[] params = new byte[8192];

    @Setup
    public void setUp() throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("QUERY_STRING", "q=fastcgi&page=2");
        p.put("REQUEST_METHOD", "GET");
        p.put("CONTENT_TYPE", "");
        p.put("CONTENT_LENGTH", "");
        p.put("SCRIPT_NAME", "/search");
        p.put("REQUEST_URI", "/search?q=fastcgi&page=2");
        p.put("DOCUMENT_URI", "/search");
        p.put("DOCUMENT_ROOT", "/usr/share/nginx/html");
        p.put("SERVER_PROTOCOL", "HTTP/1.1");
        p.put("REQUEST_SCHEME", "https");
        p.put("HTTPS", "on");
        p.put("GATEWAY_INTERFACE", "CGI/1.1");
        p.put("SERVER_SOFTWARE", "nginx/1.22.1");
        p.put("REMOTE_ADDR", "203.0.113.50");
        p.put("REMOTE_PORT", "53412");
        p.put("REMOTE_USER", "");
        p.put("SERVER_ADDR", "198.51.100.7");
        p.put("SERVER_PORT", "443");
        p.put("SERVER_NAME", "www.example.com");
        p.put("REDIRECT_STATUS", "200");
        p.put("HTTP_HOST", "www.example.com");
        p.put("HTTP_USER_AGENT", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
        p.put("HTTP_ACCEPT", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        p.put("HTTP_ACCEPT_LANGUAGE", "en-GB,en;q=0.5");
        p.put("HTTP_ACCEPT_ENCODING", "gzip, deflate, br, zstd");
        p.put("HTTP_COOKIE", "SESSION=6f1c2b0e9a4d4f0c8e7b; theme=dark");
        p.put("HTTP_REFERER", "https://www.example.com/");
        ByteArrayOutputStream pairs = new ByteArrayOutputStream();
        for (Map.Entry<String, String> e : p.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.ISO_8859_1);
            byte[] value = e.getValue().getBytes(StandardCharsets.ISO_8859_1);
            ByteBuffer pair = ByteBuffer.allocate(NameValueEncoder.encodedLength(name.length, value.length));
            NameValueEncoder.encode(pair, name, value);
            pairs.write(pair.array());
        }
        byte[] content = pairs.toByteArray();
        ByteBuffer out = ByteBuffer.allocate(content.length + 128);
        RecordWriter.putHeader(out, RecordType.BEGIN_REQUEST, 1, 8, 0);
        out.put(new byte[] { 0, (byte) FcgiConstants.ROLE_RESPONDER, FcgiConstants.FLAG_KEEP_CONN, 0, 0, 0, 0, 0 });
        RecordWriter.putStream(out, RecordType.PARAMS, 1, content, 0, content.length);
        RecordWriter.putEndOfStream(out, RecordType.PARAMS, 1);
        RecordWriter.putEndOfStream(out, RecordType.STDIN, 1);
        out.flip();
        this.request = out;
    }

    /**
     * @return a checksum of the classified parameters, so the work cannot be skipped
     */
    @Benchmark
    public int decodeRequestHead() throws FcgiProtocolException {
        ByteBuffer in = this.request.duplicate();
        int paramsLength = 0;
        int checksum = 0;
        while (true) {
            int event = this.parser.next(in);
            if (event == RecordParser.NEED_INPUT) {
                break;
            }
            if (event == RecordParser.CONTENT && this.parser.type() == RecordType.PARAMS) {
                System.arraycopy(in.array(), this.parser.contentOffset(), this.params, paramsLength,
                        this.parser.contentChunkLength());
                paramsLength += this.parser.contentChunkLength();
            }
        }
        NameValueCursor c = this.cursor.reset(this.params, 0, paramsLength);
        while (c.next()) {
            checksum += CgiParam.classify(this.params, c.nameOffset(), c.nameLength()) + c.valueLength();
        }
        return checksum;
    }

}
