package dev.fcgi.tomcat;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.fcgi.protocol.BeginRequestBody;
import dev.fcgi.protocol.FcgiConstants;
import dev.fcgi.protocol.FcgiProtocolException;
import dev.fcgi.protocol.RecordParser;
import dev.fcgi.protocol.RecordType;
import dev.fcgi.protocol.RecordWriter;

import jakarta.servlet.ServletConnection;
import org.apache.coyote.AbstractProcessor;
import org.apache.coyote.ActionCode;
import org.apache.coyote.Adapter;
import org.apache.coyote.ContinueResponseTiming;
import org.apache.coyote.ErrorState;
import org.apache.coyote.InputBuffer;
import org.apache.coyote.Request;
import org.apache.coyote.RequestInfo;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.apache.tomcat.util.ExceptionUtils;
import org.apache.tomcat.util.buf.ByteChunk;
import org.apache.tomcat.util.net.AbstractEndpoint.Handler.SocketState;
import org.apache.tomcat.util.net.ApplicationBufferHandler;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Serves one FastCGI connection at a time: reads records, maps a request's PARAMS onto a Coyote request, hands its
 * body to the application (from memory, a spill file, or straight from the STDIN records), and ends the request with
 * END_REQUEST. The response's head, STDOUT records and flushes are its {@link StdoutOutputBuffer}'s, written through
 * this processor's socket.
 * <p>
 * Until a request is ready for dispatch the socket is read without blocking, and {@link SocketState#LONG} gives the
 * worker back while more records are awaited; so slow clients and small bodies hold no thread. Requests on a
 * connection are served one after another ({@code FCGI_MPXS_CONNS=0}); the connection is kept when the web server
 * asks for it ({@code FCGI_KEEP_CONN}), with no cap on requests per connection.
 */
final class FcgiProcessor extends AbstractProcessor implements RequestInApplication {

    private static final Log log = LogFactory.getLog(FcgiProcessor.class);

    // Where the content of the record being read goes.
    private static final int TARGET_SKIP = 0;
    private static final int TARGET_COLLECT = 1;
    private static final int TARGET_PARAMS = 2;
    private static final int TARGET_STDIN = 3;

    // Where the current request is.
    private static final int PHASE_IDLE = 0;
    private static final int PHASE_PARAMS = 1;
    private static final int PHASE_GATHER = 2;
    private static final int PHASE_DISPATCHED = 3;
    private static final int PHASE_DRAIN = 4;

    // Where the application's body bytes come from.
    private static final int BODY_NONE = 0;
    private static final int BODY_MEMORY = 1;
    private static final int BODY_SPILL = 2;
    private static final int BODY_STREAM = 3;

    private static final int COLLECT_LIMIT = 1024;

    private final FcgiNioProtocol protocol;
    private final RecordParser parser = new RecordParser();
    private final byte[] readArray;
    private final ByteBuffer readBuffer;
    private final ByteBuffer chunkView;
    private final byte[] collected = new byte[COLLECT_LIMIT];
    private final CgiRequestMapper mapper = new CgiRequestMapper();
    private final StdoutOutputBuffer output;
    private final ByteBuffer control = ByteBuffer.allocate(256);
    private ByteBuffer spillReadBuffer;

    // The record being read.
    private int target;
    private int collectedLength;

    // The connection.
    private boolean endOfInput;
    private boolean closeRequested;

    // The request.
    private int phase = PHASE_IDLE;
    /** Read by the shutdown thread: the request was handed to the application and has not ended. */
    private volatile boolean inApplication;
    private int requestId;
    private boolean keepConnection;
    /** The request came in the AUTHORIZER role (see FcgiAuthorizer). */
    private boolean authorizer;
    private boolean goalReached;
    private boolean stdinEnded;
    private boolean aborted;
    private int rejectStatus;
    private String rejectReason;
    private int endProtocolStatus = FcgiConstants.REQUEST_COMPLETE;
    private boolean drainMayBlock = true;
    private long headStartNanos;
    private long expectedLength = -1;
    private long bodyReceived;
    private long drainStart;
    private boolean bodyTooLarge;
    private int bodySource = BODY_NONE;
    private byte[] memoryBody = new byte[0];
    private int memoryLength;
    private boolean memoryDelivered;
    private SpillFile spill;
    private int chunkOffset;
    private int chunkLength;

    // Bytes read since the last request ended, added to the statistics when the next one ends.
    private long wireBytesIn;

    FcgiProcessor(FcgiNioProtocol protocol, Adapter adapter) {
        super(adapter);
        this.protocol = protocol;
        this.readArray = new byte[protocol.getReadBufferSize()];
        this.readBuffer = ByteBuffer.wrap(this.readArray);
        this.readBuffer.flip();
        this.chunkView = ByteBuffer.wrap(this.readArray);
        this.output = new StdoutOutputBuffer(this.response, protocol.getOutputBufferSize(), protocol::getFlushMode,
                protocol::getUtilityExecutor, new ConnectionChannel());
        this.request.setInputBuffer(new StdinInputBuffer());
        this.response.setOutputBuffer(this.output);
    }

    // ------------------------------------------------------------------ serving

    @Override
    public SocketState service(SocketWrapperBase<?> socket) throws IOException {
        setSocketWrapper(socket);
        RequestInfo rp = this.request.getRequestProcessor();
        while (true) {
            rp.setStage(org.apache.coyote.Constants.STAGE_PARSE);
            boolean ready;
            try {
                ready = pump(false);
            }
            catch (IOException ex) {
                connectionProblem(ex);
                return SocketState.CLOSED;
            }
            if (this.closeRequested) {
                return SocketState.CLOSED;
            }
            if (!ready) {
                if (this.endOfInput) {
                    return SocketState.CLOSED;
                }
                if (this.phase == PHASE_IDLE && this.parser.atRecordBoundary()) {
                    socket.setReadTimeout(this.protocol.getKeepAliveTimeout());
                    return this.protocol.isPaused() ? SocketState.CLOSED : SocketState.OPEN;
                }
                if (headTooSlow()) {
                    return SocketState.CLOSED;
                }
                return SocketState.LONG;
            }
            SocketState state = serviceRequest(rp);
            if (state != null) {
                return state;
            }
        }
    }

    /**
     * Runs a request whose head (and, unless streamed, body) has arrived.
     * @return the socket state to return, or null to go on reading the connection
     */
    private SocketState serviceRequest(RequestInfo rp) {
        rp.setStage(org.apache.coyote.Constants.STAGE_PREPARE);
        if (this.aborted) {
            // ABORT_REQUEST before dispatch: the application never sees it.
            this.output.setSwallowResponse();
        }
        else if (this.rejectStatus != 0) {
            reject();
        }
        else if (this.protocol.overloadMark().isSet()) {
            // Every worker is busy and the wait queue is full; this runs on the caller's thread, which must not
            // block, so the rest of the body is not waited for.
            this.rejectStatus = 503;
            this.rejectReason = "Every worker is busy and the wait queue is full";
            this.endProtocolStatus = FcgiConstants.OVERLOADED;
            this.drainMayBlock = false;
            this.response.addHeader("Retry-After", "1");
            reject();
        }
        else {
            // While the connector is paused (graceful shutdown) a request that reached us is still served; its
            // connection is closed afterwards (keepAfterRequest), so the web server sends the next one elsewhere.
            prepareBody();
            FcgiConnectorStatistics statistics = this.protocol.getStatistics();
            WorkerActivity worker = statistics.workerBusy(this.request, this.protocol.getMaxThreads());
            try {
                rp.setStage(org.apache.coyote.Constants.STAGE_SERVICE);
                this.inApplication = true;
                getAdapter().service(this.request, this.response);
            }
            catch (InterruptedIOException ex) {
                setErrorState(ErrorState.CLOSE_CONNECTION_NOW, ex);
            }
            catch (Throwable t) {
                ExceptionUtils.handleThrowable(t);
                log.error("Error processing FastCGI request", t);
                this.response.setStatus(500);
                setErrorState(ErrorState.CLOSE_CLEAN, t);
                getAdapter().log(this.request, this.response, 0);
            }
            finally {
                statistics.workerDone(worker);
            }
            releaseHeldFlushIfAsync();
        }
        if (isAsync() && !getErrorState().isError()) {
            return SocketState.LONG;
        }
        if (!this.output.isFinished() && getErrorState().isIoAllowed()) {
            try {
                action(ActionCode.COMMIT, null);
                finishResponse();
            }
            catch (IOException ex) {
                setErrorState(ErrorState.CLOSE_CONNECTION_NOW, ex);
            }
            catch (Throwable t) {
                ExceptionUtils.handleThrowable(t);
                setErrorState(ErrorState.CLOSE_NOW, t);
            }
        }
        this.request.updateCounters();
        rp.setStage(org.apache.coyote.Constants.STAGE_KEEPALIVE);
        boolean keep = keepAfterRequest();
        resetRequest();
        if (!keep) {
            return SocketState.CLOSED;
        }
        this.socketWrapper.setReadTimeout(this.protocol.getKeepAliveTimeout());
        return null;
    }

    /**
     * A request's head (BEGIN_REQUEST and PARAMS) must arrive within the connection timeout as a whole: the
     * per-read timeout alone lets a client trickle a byte now and then forever.
     */
    private boolean headTooSlow() {
        if (this.phase > PHASE_PARAMS) {
            return false;
        }
        long now = System.nanoTime();
        if (this.headStartNanos == 0) {
            this.headStartNanos = now;
            return false;
        }
        long limit = this.protocol.getConnectionTimeout() * 1_000_000L;
        if (limit > 0 && now - this.headStartNanos > limit) {
            log.info("Closing FastCGI connection from " + this.socketWrapper.getRemoteAddr()
                    + ": request head not complete after " + this.protocol.getConnectionTimeout() + " ms");
            return true;
        }
        return false;
    }

    @Override
    protected SocketState dispatchEndRequest() {
        // An asynchronous request ended; its response (END_REQUEST included) is out.
        boolean keep = keepAfterRequest();
        resetRequest();
        if (!keep) {
            return SocketState.CLOSED;
        }
        this.socketWrapper.setReadTimeout(this.protocol.getKeepAliveTimeout());
        // Tomcat calls service() next, which serves records already buffered.
        return SocketState.OPEN;
    }

    private boolean keepAfterRequest() {
        // Tomcat asks to close the connection after some errors (say, a handler throwing after its answer was
        // complete). When END_REQUEST went out and STDIN was read to its end, the FastCGI framing is intact and the
        // connection can serve the next request; closing it would fail that request at web servers that reuse
        // connections without retrying.
        boolean framingIntact = !getErrorState().isError()
                || (this.output.isFinished() && this.stdinEnded && getErrorState().isConnectionIoAllowed());
        return this.keepConnection && !this.closeRequested && !this.endOfInput && framingIntact
                && !this.protocol.isPaused();
    }

    private void reject() {
        this.protocol.getStatistics().requestRejected();
        this.response.setStatus(this.rejectStatus);
        this.response.setContentType("text/plain;charset=UTF-8");
        byte[] body = (this.rejectStatus + " " + this.rejectReason + "\n").getBytes(StandardCharsets.UTF_8);
        this.response.setContentLength(body.length);
        try {
            action(ActionCode.COMMIT, null);
            this.response.doWrite(ByteBuffer.wrap(body));
            finishResponse();
        }
        catch (IOException ex) {
            setErrorState(ErrorState.CLOSE_CONNECTION_NOW, ex);
        }
        if (log.isDebugEnabled()) {
            log.debug("FastCGI request " + this.requestId + " refused with " + this.rejectStatus + ": "
                    + this.rejectReason);
        }
    }

    private void connectionProblem(IOException ex) {
        if (ex instanceof FcgiProtocolException) {
            log.info("Closing FastCGI connection from " + this.socketWrapper.getRemoteAddr() + ": " + ex.getMessage());
        }
        else if (log.isDebugEnabled()) {
            log.debug("FastCGI connection failed", ex);
        }
        this.closeRequested = true;
    }

    // ------------------------------------------------------------------ records

    /**
     * Processes records until the current phase's goal is reached: a request ready for dispatch, a body chunk for
     * the application, or the end of STDIN.
     * @param block wait for input when none is buffered
     * @return true when the goal is reached; false when, not blocking, the input ran dry
     */
    private boolean pump(boolean block) throws IOException {
        this.goalReached = false;
        while (!this.goalReached && !this.closeRequested) {
            switch (this.parser.next(this.readBuffer)) {
                case RecordParser.HEADER -> onHeader();
                case RecordParser.CONTENT -> onContent();
                case RecordParser.END -> onEnd();
                default -> {
                    if (!fill(block)) {
                        return false;
                    }
                }
            }
        }
        return this.goalReached;
    }

    private boolean fill(boolean block) throws IOException {
        this.readBuffer.compact();
        int n;
        try {
            n = this.socketWrapper.read(block, this.readBuffer);
        }
        finally {
            this.readBuffer.flip();
        }
        if (n > 0) {
            this.wireBytesIn += n;
        }
        if (n < 0) {
            this.endOfInput = true;
            if (block) {
                throw new EOFException("FastCGI connection closed by the web server");
            }
            return false;
        }
        return n > 0;
    }

    private void onHeader() throws FcgiProtocolException {
        int type = this.parser.type();
        int id = this.parser.requestId();
        int length = this.parser.contentLength();
        this.target = TARGET_SKIP;
        if (id == FcgiConstants.NULL_REQUEST_ID) {
            if (type == RecordType.GET_VALUES) {
                startCollecting();
            }
            return;
        }
        switch (type) {
            case RecordType.BEGIN_REQUEST -> startCollecting();
            case RecordType.PARAMS -> {
                if (id == this.requestId && this.phase == PHASE_PARAMS && length > 0) {
                    this.target = TARGET_PARAMS;
                }
            }
            case RecordType.STDIN -> {
                if (id == this.requestId && !this.stdinEnded && length > 0) {
                    if (this.phase == PHASE_PARAMS) {
                        throw new FcgiProtocolException("STDIN before the end of PARAMS for request " + id);
                    }
                    if (this.phase != PHASE_IDLE) {
                        this.target = TARGET_STDIN;
                    }
                }
            }
            default -> {
                // other streams, and records of requests not active here, are skipped
            }
        }
    }

    private void startCollecting() {
        this.target = TARGET_COLLECT;
        this.collectedLength = 0;
    }

    private void onContent() throws IOException {
        int offset = this.parser.contentOffset();
        int length = this.parser.contentChunkLength();
        switch (this.target) {
            case TARGET_COLLECT -> {
                int n = Math.min(length, COLLECT_LIMIT - this.collectedLength);
                System.arraycopy(this.readArray, offset, this.collected, this.collectedLength, n);
                this.collectedLength += n;
            }
            case TARGET_PARAMS -> {
                if (!this.mapper.append(this.readArray, offset, length, this.protocol.getMaxParamsSize())) {
                    // Answer at once and close: the rest of an oversized PARAMS stream is never read.
                    this.target = TARGET_SKIP;
                    this.keepConnection = false;
                    refuse(431, "PARAMS larger than " + this.protocol.getMaxParamsSize() + " bytes");
                }
            }
            case TARGET_STDIN -> onStdin(offset, length);
            default -> {
            }
        }
    }

    private void onEnd() throws IOException {
        int type = this.parser.type();
        int id = this.parser.requestId();
        int length = this.parser.contentLength();
        if (id == FcgiConstants.NULL_REQUEST_ID) {
            if (type == RecordType.GET_VALUES) {
                answerGetValues();
            }
            else {
                writeControl(RecordType.UNKNOWN_TYPE, type, 0);
            }
            return;
        }
        switch (type) {
            case RecordType.BEGIN_REQUEST -> onBeginRequest(id);
            case RecordType.PARAMS -> {
                if (id == this.requestId && this.phase == PHASE_PARAMS && length == 0) {
                    onParamsEnd();
                }
            }
            case RecordType.STDIN -> {
                if (id == this.requestId && length == 0 && !this.stdinEnded && this.phase > PHASE_PARAMS) {
                    onStdinEnd();
                }
            }
            case RecordType.ABORT_REQUEST -> {
                if (id == this.requestId && this.phase != PHASE_IDLE) {
                    onAbort();
                }
            }
            default -> {
            }
        }
    }

    private void onBeginRequest(int id) throws IOException {
        if (this.collectedLength != FcgiConstants.BEGIN_END_BODY_LENGTH) {
            throw new FcgiProtocolException(
                    "BEGIN_REQUEST body of " + this.collectedLength + " bytes for request " + id + " (expected 8)");
        }
        int role = BeginRequestBody.role(this.collected, 0);
        boolean keep = BeginRequestBody.keepConnection(this.collected, 0);
        if (this.phase != PHASE_IDLE) {
            if (id == this.requestId) {
                throw new FcgiProtocolException("Second BEGIN_REQUEST for active request " + id);
            }
            writeControl(RecordType.END_REQUEST, id, FcgiConstants.CANT_MPX_CONN);
            return;
        }
        if (role != FcgiConstants.ROLE_RESPONDER && role != FcgiConstants.ROLE_AUTHORIZER) {
            writeControl(RecordType.END_REQUEST, id, FcgiConstants.UNKNOWN_ROLE);
            if (!keep) {
                this.closeRequested = true;
            }
            return;
        }
        this.requestId = id;
        this.keepConnection = keep;
        this.authorizer = role == FcgiConstants.ROLE_AUTHORIZER;
        this.phase = PHASE_PARAMS;
        this.protocol.usedConnections().requestBegun(this.socketWrapper);
        if (this.headStartNanos == 0) {
            this.headStartNanos = System.nanoTime();
        }
        this.mapper.reset();
        this.output.begin(id);
        this.request.markStartTime();
        this.socketWrapper.setReadTimeout(this.protocol.getConnectionTimeout());
    }

    private void onParamsEnd() throws IOException {
        String problem = this.mapper.apply(this.request, this.protocol.attributesPattern());
        this.request.peerAddr().setString(this.socketWrapper.getRemoteAddr());
        if (problem != null) {
            this.keepConnection = false;
            refuse(400, problem);
            return;
        }
        if (this.authorizer) {
            startAuthorizer();
            return;
        }
        this.expectedLength = this.mapper.contentLength();
        long maxBody = this.protocol.getMaxBodySize();
        if (maxBody >= 0 && this.expectedLength > maxBody) {
            this.phase = PHASE_GATHER;
            refuse(413, "Request body of " + this.expectedLength + " bytes is larger than " + maxBody);
            return;
        }
        if (this.expectedLength >= 0 && this.expectedLength <= this.protocol.getSpillThreshold()) {
            this.bodySource = BODY_MEMORY;
            if (this.memoryBody.length < this.expectedLength) {
                this.memoryBody = new byte[(int) this.expectedLength];
            }
            this.phase = PHASE_GATHER;
        }
        else if (this.protocol.getLargeBodyMode() == LargeBodyMode.SPILL) {
            // Small bodies of unknown length stay in memory; the file is created once the threshold is passed.
            this.bodySource = BODY_MEMORY;
            this.phase = PHASE_GATHER;
        }
        else {
            this.bodySource = BODY_STREAM;
            this.phase = PHASE_DISPATCHED;
            this.goalReached = true;
        }
    }

    /**
     * Readies an AUTHORIZER request: it has no body (web servers send no STDIN for it: lighttpd, Apache
     * mod_authnz_fcgi), and unless the role is on it is refused with 403, which every web server passes on as a
     * denial (an END_REQUEST with FCGI_UNKNOWN_ROLE and no output, lighttpd reads as approval).
     */
    private void startAuthorizer() throws FcgiProtocolException {
        this.stdinEnded = true;
        this.bodySource = BODY_NONE;
        this.phase = PHASE_DISPATCHED;
        // A user the web server names is the one it asks about, not one it vouches for.
        this.request.getRemoteUser().recycle();
        if (!this.protocol.isAuthorizerEnabled()) {
            this.protocol.authorizerRefused();
            refuse(403, "FastCGI AUTHORIZER role not enabled");
            return;
        }
        ApacheAuthenticatorCredentials.apply(this.mapper.paramsBytes(), this.mapper.paramsLength(), this.request);
        this.request.setAttribute(FcgiAuthorizer.REQUEST_ATTRIBUTE, Boolean.TRUE);
        this.goalReached = true;
    }

    private void refuse(int status, String reason) {
        this.rejectStatus = status;
        this.rejectReason = reason;
        this.goalReached = true;
    }

    private void onStdin(int offset, int length) throws IOException {
        this.bodyReceived += length;
        if (this.expectedLength >= 0 && this.bodyReceived > this.expectedLength) {
            throw new FcgiProtocolException("STDIN of request " + this.requestId + " carries more than CONTENT_LENGTH "
                    + this.expectedLength + " bytes");
        }
        switch (this.phase) {
            case PHASE_GATHER -> gather(offset, length);
            case PHASE_DISPATCHED -> {
                long maxBody = this.protocol.getMaxBodySize();
                if (maxBody >= 0 && this.bodyReceived > maxBody) {
                    this.bodyTooLarge = true;
                    this.keepConnection = false;
                    throw new IOException("Request body is larger than " + maxBody + " bytes");
                }
                this.chunkOffset = offset;
                this.chunkLength = length;
                this.goalReached = true;
            }
            case PHASE_DRAIN -> {
                if (this.bodyReceived - this.drainStart > this.protocol.getMaxSwallowSize()) {
                    // Too much left unread to swallow: answer and close instead.
                    this.keepConnection = false;
                    this.target = TARGET_SKIP;
                    this.goalReached = true;
                }
            }
            default -> {
            }
        }
    }

    private void gather(int offset, int length) throws IOException {
        if (this.rejectStatus != 0) {
            return;
        }
        long maxBody = this.protocol.getMaxBodySize();
        if (maxBody >= 0 && this.bodyReceived > maxBody) {
            closeSpill();
            this.bodySource = BODY_NONE;
            refuse(413, "Request body is larger than " + maxBody + " bytes");
            return;
        }
        if (this.bodySource == BODY_MEMORY) {
            int threshold = this.protocol.getSpillThreshold();
            if (this.memoryLength + length <= threshold) {
                if (this.memoryBody.length < this.memoryLength + length) {
                    byte[] grown = new byte[Math.min(threshold, Math.max(this.memoryLength + length,
                            this.memoryBody.length * 2))];
                    System.arraycopy(this.memoryBody, 0, grown, 0, this.memoryLength);
                    this.memoryBody = grown;
                }
                System.arraycopy(this.readArray, offset, this.memoryBody, this.memoryLength, length);
                this.memoryLength += length;
                return;
            }
            this.spill = SpillFile.create(this.protocol.spillPath());
            this.protocol.getStatistics().bodySpilled();
            this.spill.write(ByteBuffer.wrap(this.memoryBody, 0, this.memoryLength));
            this.memoryLength = 0;
            this.bodySource = BODY_SPILL;
        }
        this.chunkView.clear().position(offset).limit(offset + length);
        this.spill.write(this.chunkView);
    }

    private void onStdinEnd() throws IOException {
        this.stdinEnded = true;
        if (this.expectedLength >= 0 && this.bodyReceived < this.expectedLength && !this.aborted) {
            throw new FcgiProtocolException("STDIN of request " + this.requestId + " ended after " + this.bodyReceived
                    + " of " + this.expectedLength + " bytes");
        }
        this.chunkLength = 0;
        this.goalReached = true;
    }

    private void onAbort() {
        this.aborted = true;
        this.output.setSwallowResponse();
        this.stdinEnded = true;
        this.chunkLength = 0;
        this.goalReached = true;
    }

    private void answerGetValues() throws IOException {
        this.control.clear();
        this.protocol.getValuesAnswer().answer(this.collected, 0, this.collectedLength, this.control);
        this.control.flip();
        this.output.writeRecord(this.control);
    }

    private void writeControl(int type, int value, int protocolStatus) throws IOException {
        this.control.clear();
        if (type == RecordType.UNKNOWN_TYPE) {
            RecordWriter.putUnknownType(this.control, value);
        }
        else {
            RecordWriter.putEndRequest(this.control, value, 0, protocolStatus);
        }
        this.control.flip();
        this.output.writeRecord(this.control);
    }

    // ------------------------------------------------------------------ request body

    private void prepareBody() {
        if (this.bodySource == BODY_MEMORY) {
            this.memoryDelivered = false;
        }
    }

    private int readBody(ApplicationBufferHandler handler) throws IOException {
        switch (this.bodySource) {
            case BODY_MEMORY -> {
                if (this.memoryDelivered || this.memoryLength == 0) {
                    this.memoryDelivered = true;
                    return -1;
                }
                this.memoryDelivered = true;
                handler.setByteBuffer(ByteBuffer.wrap(this.memoryBody, 0, this.memoryLength));
                return this.memoryLength;
            }
            case BODY_SPILL -> {
                if (this.spillReadBuffer == null) {
                    this.spillReadBuffer = ByteBuffer.allocate(this.readArray.length);
                }
                int n = this.spill.read(this.spillReadBuffer);
                if (n < 0) {
                    return -1;
                }
                handler.setByteBuffer(this.spillReadBuffer);
                return n;
            }
            case BODY_STREAM -> {
                return readStdinChunk(handler);
            }
            default -> {
                return -1;
            }
        }
    }

    private int readStdinChunk(ApplicationBufferHandler handler) throws IOException {
        if (this.aborted) {
            throw new EOFException("FastCGI request aborted by the web server");
        }
        if (this.stdinEnded) {
            return -1;
        }
        this.chunkLength = 0;
        pump(true);
        if (this.aborted) {
            throw new EOFException("FastCGI request aborted by the web server");
        }
        if (this.chunkLength == 0) {
            return -1;
        }
        this.chunkView.clear().position(this.chunkOffset).limit(this.chunkOffset + this.chunkLength);
        handler.setByteBuffer(this.chunkView);
        return this.chunkLength;
    }

    private void closeSpill() {
        if (this.spill != null) {
            this.spill.close();
            this.spill = null;
        }
    }

    // ------------------------------------------------------------------ response

    @Override
    protected void prepareResponse() throws IOException {
        this.response.setCommitted(true);
        if (this.bodyTooLarge && this.response.getStatus() == 400) {
            // Catalina answers a failed body read with 400; the reason here is the size limit.
            this.response.setStatus(413);
        }
        this.output.prepareResponse();
    }

    @Override
    protected void flush() throws IOException {
        this.output.flush(isAsync());
    }

    /** A request that went asynchronous with a flush held streams: the held bytes go out now. */
    private void releaseHeldFlushIfAsync() {
        if (isAsync()) {
            try {
                this.output.releaseHeldFlush();
            }
            catch (IOException ex) {
                setErrorState(ErrorState.CLOSE_CONNECTION_NOW, ex);
            }
        }
    }

    @Override
    protected void finishResponse() throws IOException {
        if (this.output.isFinished()) {
            return;
        }
        this.output.startEnd();
        if (!this.stdinEnded && !this.aborted) {
            drainStdin();
        }
        // The spill file goes before END_REQUEST: once the web server sees the end, nothing of it is left.
        closeSpill();
        this.output.end(this.endProtocolStatus);
    }

    /**
     * Reads and discards what is left of STDIN before END_REQUEST, so a kept connection stays in step and the web
     * server sees its whole body taken. Beyond the swallow limit the connection is closed instead.
     */
    private void drainStdin() throws IOException {
        this.phase = PHASE_DRAIN;
        this.drainStart = this.bodyReceived;
        if (pump(false) || this.stdinEnded || this.closeRequested || this.endOfInput) {
            return;
        }
        // More is on its way: let the response out first, then wait for the rest.
        this.output.sendEndOfStream();
        if (this.keepConnection && this.drainMayBlock) {
            pump(true);
        }
        else {
            this.keepConnection = false;
        }
    }

    // ------------------------------------------------------------------ lifecycle

    private void resetRequest() {
        this.output.nextRequest();
        getAdapter().checkRecycled(this.request, this.response);
        super.recycle();
        this.request.recycle();
        this.response.recycle();
        closeSpill();
        this.phase = PHASE_IDLE;
        this.inApplication = false;
        this.requestId = 0;
        this.keepConnection = false;
        this.authorizer = false;
        this.goalReached = false;
        this.stdinEnded = false;
        this.aborted = false;
        this.rejectStatus = 0;
        this.rejectReason = null;
        this.endProtocolStatus = FcgiConstants.REQUEST_COMPLETE;
        this.drainMayBlock = true;
        this.headStartNanos = 0;
        this.expectedLength = -1;
        this.bodyReceived = 0;
        this.bodyTooLarge = false;
        this.bodySource = BODY_NONE;
        this.memoryLength = 0;
        this.memoryDelivered = false;
        this.chunkLength = 0;
        this.mapper.reset();
    }

    @Override
    public void recycle() {
        resetRequest();
        this.parser.reset();
        this.readBuffer.clear().flip();
        this.endOfInput = false;
        this.closeRequested = false;
        this.target = TARGET_SKIP;
        this.wireBytesIn = 0;
        this.output.recycle();
    }

    /** @return whether the current request was handed to the application and has not ended */
    @Override
    public boolean isInApplication() {
        return this.inApplication;
    }

    @Override
    public void pause() {
        // Nothing to do: a paused protocol closes connections once their current request ends.
    }

    // ------------------------------------------------------------------ remaining Coyote hooks

    @Override
    protected void ack(ContinueResponseTiming continueResponseTiming) {
        // The web server handled Expect: 100-continue; FastCGI has no interim responses.
    }

    @Override
    protected void earlyHints() {
        // FastCGI has no interim responses.
    }

    @Override
    protected int available(boolean doRead) {
        switch (this.bodySource) {
            case BODY_MEMORY -> {
                return this.memoryDelivered ? 0 : this.memoryLength;
            }
            case BODY_SPILL -> {
                return (int) Math.min(this.spill.remaining(), Integer.MAX_VALUE);
            }
            case BODY_STREAM -> {
                // Reading more here could move bytes under a chunk the application still holds.
                return (!this.stdinEnded && this.readBuffer.hasRemaining()) ? 1 : 0;
            }
            default -> {
                return 0;
            }
        }
    }

    @Override
    protected void setRequestBody(ByteChunk body) {
        int length = body.getLength();
        if (this.memoryBody.length < length) {
            this.memoryBody = new byte[length];
        }
        System.arraycopy(body.getBytes(), body.getStart(), this.memoryBody, 0, length);
        this.memoryLength = length;
        this.memoryDelivered = false;
        this.request.setContentLength(length);
        if (this.bodySource == BODY_STREAM && !this.stdinEnded) {
            this.keepConnection = false;
        }
        this.bodySource = BODY_MEMORY;
    }

    @Override
    protected void setSwallowResponse() {
        this.output.setSwallowResponse();
    }

    @Override
    protected void disableSwallowRequest() {
        // The rest of the body will not be read: close the connection after this request instead of draining.
        this.keepConnection = false;
        this.stdinEnded = true;
    }

    @Override
    protected boolean isRequestBodyFullyRead() {
        return switch (this.bodySource) {
            case BODY_MEMORY -> this.memoryDelivered;
            case BODY_SPILL -> this.spill.remaining() == 0;
            case BODY_STREAM -> this.stdinEnded;
            default -> true;
        };
    }

    @Override
    protected void registerReadInterest() {
        this.socketWrapper.registerReadInterest();
    }

    @Override
    protected boolean getPopulateRequestAttributesFromSocket() {
        // The socket's peer is the web server; the client's address and port come from the params.
        return false;
    }

    @Override
    protected void populateRequestAttributeRemoteHost() {
        // No DNS lookups: the remote host is the client's address, set from REMOTE_ADDR.
    }

    @Override
    protected boolean isReadyForWrite() {
        return true;
    }

    @Override
    protected boolean isTrailerFieldsReady() {
        return true;
    }

    @Override
    protected ServletConnection getServletConnection() {
        return this.socketWrapper.getServletConnection("fcgi", Integer.toString(this.requestId));
    }

    @Override
    protected boolean flushBufferedWrite() {
        return false;
    }

    @Override
    protected Log getLog() {
        return log;
    }

    /** The request body as the servlet stack reads it. */
    private final class StdinInputBuffer implements InputBuffer {

        @Override
        public int doRead(ApplicationBufferHandler handler) throws IOException {
            return readBody(handler);
        }

        @Override
        public int available() {
            return FcgiProcessor.this.available(false);
        }

    }

    /** The connection as the response's records leave on it. */
    private final class ConnectionChannel implements StdoutOutputBuffer.Channel {

        /**
         * Writes straight to the channel, without copying into the socket wrapper's own buffer; what the channel does
         * not take at once (a full socket buffer) goes through the wrapper's blocking write instead.
         */
        @Override
        public void write(ByteBuffer[] buffers, int count, boolean flush) throws IOException {
            SocketWrapperBase<?> socket = FcgiProcessor.this.socketWrapper;
            if (count > 0) {
                if (!socket.hasDataToWrite() && socket.getSocket() instanceof NioChannel channel) {
                    channel.write(buffers, 0, count);
                }
                boolean copied = false;
                for (int i = 0; i < count; i++) {
                    if (buffers[i].hasRemaining()) {
                        socket.write(true, buffers[i]);
                        copied = true;
                    }
                }
                flush |= copied;
            }
            if (flush && socket.hasDataToWrite()) {
                socket.flush(true);
            }
        }

        @Override
        public void writeFailed(IOException ex) {
            setErrorState(ErrorState.CLOSE_CONNECTION_NOW, ex);
        }

        /** Counted before END_REQUEST leaves: a client that has its response must find it in the status page. */
        @Override
        public void ending(long wireBytesOut) {
            Request request = FcgiProcessor.this.request;
            FcgiProcessor.this.protocol.getStatistics().requestEnded(
                    FcgiProcessor.this.aborted ? 499 : FcgiProcessor.this.response.getStatus(),
                    System.nanoTime() - request.getStartTimeNanos(), FcgiProcessor.this.wireBytesIn, wireBytesOut);
            FcgiProcessor.this.wireBytesIn = 0;
        }

    }

}
