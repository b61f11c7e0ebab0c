package dev.fcgi.tomcat;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import dev.fcgi.protocol.FcgiConstants;
import dev.fcgi.protocol.FcgiProtocolException;

import jakarta.servlet.ServletConnection;
import org.apache.coyote.AbstractProcessor;
import org.apache.coyote.ActionCode;
import org.apache.coyote.Adapter;
import org.apache.coyote.ContinueResponseTiming;
import org.apache.coyote.ErrorState;
import org.apache.coyote.Request;
import org.apache.coyote.RequestInfo;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.apache.tomcat.util.ExceptionUtils;
import org.apache.tomcat.util.buf.ByteChunk;
import org.apache.tomcat.util.net.AbstractEndpoint.Handler.SocketState;
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

    /** Where the current request is. */
    private enum Phase {

        /** Between requests. */
        IDLE,
        /** BEGIN_REQUEST arrived; PARAMS are arriving. */
        PARAMS,
        /** The body is being gathered (in memory or a spill file) before the application runs. */
        GATHER,
        /** The application runs (its body, if streamed, arriving as it reads). */
        DISPATCHED,
        /** The response is ending; what is left of STDIN is read and dropped. */
        DRAIN

    }

    private final FcgiNioProtocol protocol;
    private final RecordInput input;
    private final CgiRequestMapper mapper = new CgiRequestMapper();
    private final StdinInputBuffer body;
    private final StdoutOutputBuffer output;
    private final ControlRecords control;

    // The connection.
    private boolean closeRequested;

    // The request.
    private Phase phase = Phase.IDLE;
    /** Read by the shutdown thread: the request was handed to the application and has not ended. */
    private volatile boolean inApplication;
    private int requestId;
    private boolean keepConnection;
    /** The request came in the AUTHORIZER role (see FcgiAuthorizer). */
    private boolean authorizer;
    private boolean stdinEnded;
    private boolean aborted;
    private int rejectStatus;
    private String rejectReason;
    private int endProtocolStatus = FcgiConstants.REQUEST_COMPLETE;
    private boolean drainMayBlock = true;
    private long headStartNanos;
    private long drainStart;

    FcgiProcessor(FcgiNioProtocol protocol, Adapter adapter) {
        super(adapter);
        this.protocol = protocol;
        this.input = new RecordInput((block, into) -> this.socketWrapper.read(block, into),
                protocol.getReadBufferSize());
        this.body = new StdinInputBuffer(new BodySettings(), protocol.getReadBufferSize(), new StdinChunks());
        this.output = new StdoutOutputBuffer(this.response, protocol.getOutputBufferSize(), protocol::getFlushMode,
                protocol::getUtilityExecutor, new ConnectionChannel());
        this.control = new ControlRecords(this.output);
        this.request.setInputBuffer(this.body);
        this.response.setOutputBuffer(this.output);
    }

    // ------------------------------------------------------------------ serving

    @Override
    public SocketState service(SocketWrapperBase<?> socket) throws IOException {
        setSocketWrapper(socket);
        RequestInfo rp = this.request.getRequestProcessor();
        while (true) {
            rp.setStage(org.apache.coyote.Constants.STAGE_PARSE);
            RecordEvent event;
            try {
                event = pump(false);
            }
            catch (IOException ex) {
                connectionProblem(ex);
                return SocketState.CLOSED;
            }
            if (this.closeRequested) {
                return SocketState.CLOSED;
            }
            if (event == RecordEvent.END_OF_INPUT) {
                return SocketState.CLOSED;
            }
            if (event == RecordEvent.NEED_INPUT) {
                if (this.phase == Phase.IDLE && this.input.atRecordBoundary()) {
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
            this.body.rewind();
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
        if (this.phase.compareTo(Phase.PARAMS) > 0) {
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
        return this.keepConnection && !this.closeRequested && !this.input.isEndOfInput() && framingIntact
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
     * Reads records until one needs the request's attention: a request ready for dispatch or refusal, a body chunk
     * for the application, the end of STDIN, or an abort.
     * @param block wait for input when none is buffered
     * @return the event that needs attention; {@link RecordEvent#NEED_INPUT} or {@link RecordEvent#END_OF_INPUT}
     * when, not blocking, the input ran dry or ended; the last event read once the connection is to be closed
     */
    private RecordEvent pump(boolean block) throws IOException {
        RecordEvent event = RecordEvent.NEED_INPUT;
        while (!this.closeRequested) {
            event = this.input.next(block);
            if (event == RecordEvent.NEED_INPUT || event == RecordEvent.END_OF_INPUT || onRecord(event)) {
                return event;
            }
        }
        return event;
    }

    /** @return whether the event needs the request's attention */
    private boolean onRecord(RecordEvent event) throws IOException {
        int id = this.input.requestId();
        return switch (event) {
            case BEGIN_REQUEST -> onBeginRequest(id);
            case PARAMS -> id == this.requestId && this.phase == Phase.PARAMS && onParams();
            case PARAMS_END -> id == this.requestId && this.phase == Phase.PARAMS && onParamsEnd();
            case STDIN -> isCurrentStdin(id) && onStdin();
            case STDIN_END -> isCurrentStdin(id) && this.phase != Phase.PARAMS && onStdinEnd();
            case ABORT_REQUEST -> id == this.requestId && this.phase != Phase.IDLE && onAbort();
            case GET_VALUES -> {
                this.control.answerGetValues(this.protocol.getValuesAnswer(), this.input.collected(),
                        this.input.collectedLength());
                yield false;
            }
            case UNKNOWN_MANAGEMENT -> {
                this.control.unknownType(this.input.recordType());
                yield false;
            }
            default -> false;
        };
    }

    private boolean isCurrentStdin(int id) {
        return id == this.requestId && !this.stdinEnded && this.phase != Phase.IDLE;
    }

    private boolean onBeginRequest(int id) throws IOException {
        int role = this.input.role();
        boolean keep = this.input.keepConnection();
        if (this.phase != Phase.IDLE) {
            if (id == this.requestId) {
                throw new FcgiProtocolException("Second BEGIN_REQUEST for active request " + id);
            }
            this.control.refuse(id, FcgiConstants.CANT_MPX_CONN);
            return false;
        }
        if (role != FcgiConstants.ROLE_RESPONDER && role != FcgiConstants.ROLE_AUTHORIZER) {
            this.control.refuse(id, FcgiConstants.UNKNOWN_ROLE);
            if (!keep) {
                this.closeRequested = true;
            }
            return false;
        }
        this.requestId = id;
        this.keepConnection = keep;
        this.authorizer = role == FcgiConstants.ROLE_AUTHORIZER;
        this.phase = Phase.PARAMS;
        this.protocol.usedConnections().requestBegun(this.socketWrapper);
        if (this.headStartNanos == 0) {
            this.headStartNanos = System.nanoTime();
        }
        this.mapper.reset();
        this.output.begin(id);
        this.request.markStartTime();
        this.socketWrapper.setReadTimeout(this.protocol.getConnectionTimeout());
        return false;
    }

    private boolean onParams() {
        if (this.rejectStatus != 0) {
            return false;
        }
        if (this.mapper.append(this.input.array(), this.input.contentOffset(), this.input.contentLength(),
                this.protocol.getMaxParamsSize())) {
            return false;
        }
        // Answer at once and close: the rest of an oversized PARAMS stream is never read.
        this.keepConnection = false;
        return refuse(431, "PARAMS larger than " + this.protocol.getMaxParamsSize() + " bytes");
    }

    private boolean onParamsEnd() throws IOException {
        String problem = this.mapper.apply(this.request, this.protocol.attributesPattern());
        this.request.peerAddr().setString(this.socketWrapper.getRemoteAddr());
        if (problem != null) {
            this.keepConnection = false;
            return refuse(400, problem);
        }
        if (this.authorizer) {
            return startAuthorizer();
        }
        if (!this.body.start(this.requestId, this.mapper.contentLength())) {
            this.phase = Phase.GATHER;
            return refuse(413, this.body.limitExceeded());
        }
        if (this.body.isStreamed()) {
            this.phase = Phase.DISPATCHED;
            return true;
        }
        this.phase = Phase.GATHER;
        return false;
    }

    /**
     * Readies an AUTHORIZER request: it has no body (web servers send no STDIN for it: lighttpd, Apache
     * mod_authnz_fcgi), and unless the role is on it is refused with 403, which every web server passes on as a
     * denial (an END_REQUEST with FCGI_UNKNOWN_ROLE and no output, lighttpd reads as approval).
     */
    private boolean startAuthorizer() throws FcgiProtocolException {
        this.stdinEnded = true;
        this.phase = Phase.DISPATCHED;
        // A user the web server names is the one it asks about, not one it vouches for.
        this.request.getRemoteUser().recycle();
        if (!this.protocol.isAuthorizerEnabled()) {
            this.protocol.authorizerRefused();
            return refuse(403, "FastCGI AUTHORIZER role not enabled");
        }
        ApacheAuthenticatorCredentials.apply(this.mapper.paramsBytes(), this.mapper.paramsLength(), this.request);
        this.request.setAttribute(FcgiAuthorizer.REQUEST_ATTRIBUTE, Boolean.TRUE);
        return true;
    }

    /** Notes that the request is to be answered by the connector itself, with the status and reason given. */
    private boolean refuse(int status, String reason) {
        this.rejectStatus = status;
        this.rejectReason = reason;
        return true;
    }

    private boolean onStdin() throws IOException {
        if (this.phase == Phase.PARAMS) {
            throw new FcgiProtocolException("STDIN before the end of PARAMS for request " + this.requestId);
        }
        this.body.count(this.input.contentLength());
        return switch (this.phase) {
            case GATHER -> this.rejectStatus == 0 && !this.body.gather(this.input.contentView())
                    && refuse(413, this.body.limitExceeded());
            case DISPATCHED -> {
                if (!this.body.acceptStreamed()) {
                    this.keepConnection = false;
                    throw new IOException(this.body.limitExceeded());
                }
                yield true;
            }
            case DRAIN -> {
                if (this.body.received() - this.drainStart > this.protocol.getMaxSwallowSize()) {
                    // Too much left unread to swallow: answer and close instead.
                    this.keepConnection = false;
                    yield true;
                }
                yield false;
            }
            default -> false;
        };
    }

    private boolean onStdinEnd() throws IOException {
        this.stdinEnded = true;
        if (!this.aborted) {
            this.body.checkComplete();
        }
        return true;
    }

    private boolean onAbort() {
        this.aborted = true;
        this.output.setSwallowResponse();
        this.stdinEnded = true;
        return true;
    }

    // ------------------------------------------------------------------ request body

    /** Serves a streamed body's chunks to the application, reading the connection as it asks for more. */
    private final class StdinChunks implements StreamedBody.Chunks {

        @Override
        public ByteBuffer next() throws IOException {
            if (FcgiProcessor.this.aborted) {
                throw new EOFException("FastCGI request aborted by the web server");
            }
            if (FcgiProcessor.this.stdinEnded) {
                return null;
            }
            RecordEvent event = pump(true);
            if (FcgiProcessor.this.aborted) {
                throw new EOFException("FastCGI request aborted by the web server");
            }
            return (event == RecordEvent.STDIN) ? FcgiProcessor.this.input.contentView() : null;
        }

        @Override
        public boolean mayHaveMore() {
            return !FcgiProcessor.this.stdinEnded && FcgiProcessor.this.input.hasBufferedInput();
        }

        @Override
        public boolean ended() {
            return FcgiProcessor.this.stdinEnded;
        }

    }

    /** The connector's body settings, as the request body reads them. */
    private final class BodySettings implements StdinInputBuffer.Settings {

        @Override
        public int spillThreshold() {
            return FcgiProcessor.this.protocol.getSpillThreshold();
        }

        @Override
        public long maxBodySize() {
            return FcgiProcessor.this.protocol.getMaxBodySize();
        }

        @Override
        public LargeBodyMode largeBodyMode() {
            return FcgiProcessor.this.protocol.getLargeBodyMode();
        }

        @Override
        public Path spillDirectory() {
            return FcgiProcessor.this.protocol.spillPath();
        }

        @Override
        public void bodySpilled() {
            FcgiProcessor.this.protocol.getStatistics().bodySpilled();
        }

    }

    // ------------------------------------------------------------------ response

    @Override
    protected void prepareResponse() throws IOException {
        this.response.setCommitted(true);
        if (this.body.isOverLimit() && this.response.getStatus() == 400) {
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
        this.body.deleteSpillFile();
        this.output.end(this.endProtocolStatus);
    }

    /**
     * Reads and discards what is left of STDIN before END_REQUEST, so a kept connection stays in step and the web
     * server sees its whole body taken. Beyond the swallow limit the connection is closed instead.
     */
    private void drainStdin() throws IOException {
        this.phase = Phase.DRAIN;
        this.drainStart = this.body.received();
        RecordEvent event = pump(false);
        boolean dry = event == RecordEvent.NEED_INPUT || event == RecordEvent.END_OF_INPUT;
        if (!dry || this.stdinEnded || this.closeRequested || this.input.isEndOfInput()) {
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
        this.body.recycle();
        this.mapper.reset();
        this.phase = Phase.IDLE;
        this.inApplication = false;
        this.requestId = 0;
        this.keepConnection = false;
        this.authorizer = false;
        this.stdinEnded = false;
        this.aborted = false;
        this.rejectStatus = 0;
        this.rejectReason = null;
        this.endProtocolStatus = FcgiConstants.REQUEST_COMPLETE;
        this.drainMayBlock = true;
        this.headStartNanos = 0;
    }

    @Override
    public void recycle() {
        resetRequest();
        this.input.recycle();
        this.output.recycle();
        this.closeRequested = false;
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
        return this.body.available();
    }

    @Override
    protected void setRequestBody(ByteChunk body) {
        if (this.body.replace(body) && !this.stdinEnded) {
            // STDIN still carries the streamed body's rest, which will not be read.
            this.keepConnection = false;
        }
        this.request.setContentLength(body.getLength());
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
        return this.body.isFinished();
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
                    System.nanoTime() - request.getStartTimeNanos(), FcgiProcessor.this.input.takeBytesRead(),
                    wireBytesOut);
        }

    }

}
