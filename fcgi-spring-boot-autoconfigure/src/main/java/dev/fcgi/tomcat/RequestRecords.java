package dev.fcgi.tomcat;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

import dev.fcgi.protocol.FcgiConstants;
import dev.fcgi.protocol.FcgiProtocolException;

import org.apache.coyote.Request;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * The records of the request being served on a connection, taken as they arrive:
 * BEGIN_REQUEST starts a request, its PARAMS become the Coyote request's head, its STDIN
 * the body (through {@link StdinInputBuffer}), ABORT_REQUEST ends it early; management
 * records are answered on the spot, and a BEGIN_REQUEST that cannot be served is refused
 * with END_REQUEST. It keeps the request's FastCGI state: where it is, its id, whether
 * the web server keeps the connection, whether STDIN ended, whether it was aborted or is
 * to be refused.
 * <p>
 * {@link #pump(boolean)} reads until a record needs the processor's attention and says
 * which one it was. Each record's handler returns whether it does, so what stops the
 * reading is always the event returned.
 */
final class RequestRecords {

    private static final Log log = LogFactory.getLog(RequestRecords.class);

    /** Where the current request is. */
    private enum Phase {

        /** Between requests. */
        IDLE,
        /** BEGIN_REQUEST arrived; PARAMS are arriving. */
        PARAMS,
        /**
         * The body is being gathered (in memory or a spill file) before the application
         * runs.
         */
        GATHER,
        /** The application runs (its body, if streamed, arriving as it reads). */
        DISPATCHED,
        /** The response is ending; what is left of STDIN is read and dropped. */
        DRAIN

    }

    private final FcgiNioProtocol protocol;

    private final Request request;

    private final StdinInputBuffer body;

    private final StdoutOutputBuffer output;

    private final RecordInput input;

    private final ControlRecords control;

    private final CgiRequestMapper mapper = new CgiRequestMapper();

    private SocketWrapperBase<?> socketWrapper;

    // The connection.
    private boolean closeRequested;

    // The request.
    private Phase phase = Phase.IDLE;

    private int requestId;

    private boolean keepConnection;

    /** The request came in the AUTHORIZER role (see FcgiAuthorizer). */
    private boolean authorizer;

    private boolean stdinEnded;

    private boolean aborted;

    private int rejectStatus;

    private String rejectReason;

    private long headStartNanos;

    private long drainStart;

    /**
     * @param protocol the connector's settings and shared state
     * @param request the Coyote request the records fill in
     * @param output the connection's output, for the response's start and the control
     * records
     */
    RequestRecords(FcgiNioProtocol protocol, Request request, StdoutOutputBuffer output) {
        this.protocol = protocol;
        this.request = request;
        this.output = output;
        this.input = new RecordInput((block, into) -> this.socketWrapper.read(block, into),
                protocol.getReadBufferSize());
        this.body = new StdinInputBuffer(new ProtocolBodySettings(protocol), protocol.getReadBufferSize(),
                new StdinChunks());
        this.control = new ControlRecords(output);
    }

    /**
     * @param socketWrapper the connection the records are read from
     */
    void setSocketWrapper(SocketWrapperBase<?> socketWrapper) {
        this.socketWrapper = socketWrapper;
    }

    /**
     * @return the request's body, as the application reads it
     */
    StdinInputBuffer body() {
        return this.body;
    }

    // ------------------------------------------------------------------ records

    /**
     * Reads records until one needs the request's attention: a request ready for dispatch
     * or refusal, a body chunk for the application, the end of STDIN, or an abort.
     * @param block wait for input when none is buffered
     * @return the event that needs attention; {@link RecordEvent#NEED_INPUT} or
     * {@link RecordEvent#END_OF_INPUT} when, not blocking, the input ran dry or ended;
     * the last event read once the connection is to be closed
     */
    RecordEvent pump(boolean block) throws IOException {
        RecordEvent event = RecordEvent.NEED_INPUT;
        while (!this.closeRequested) {
            event = this.input.next(block);
            if (event == RecordEvent.NEED_INPUT || event == RecordEvent.END_OF_INPUT || onRecord(event)) {
                return event;
            }
        }
        return event;
    }

    /**
     * @return whether the event needs the request's attention
     */
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
     * Readies an AUTHORIZER request: it has no body (web servers send no STDIN for it:
     * lighttpd, Apache mod_authnz_fcgi), and unless the role is on it is refused with
     * 403, which every web server passes on as a denial (an END_REQUEST with
     * FCGI_UNKNOWN_ROLE and no output, lighttpd reads as approval).
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

    /**
     * Notes that the request is to be answered by the connector itself.
     * @param status the status to answer with
     * @param reason the reason, for the answer's body and the log
     * @return true: the request needs the processor's attention
     */
    boolean refuse(int status, String reason) {
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

    // ------------------------------------------------------------------ the request's
    // state

    /**
     * @return whether no request is being served and no record is partly read: the
     * connection is idle
     */
    boolean isIdle() {
        return this.phase == Phase.IDLE && this.input.atRecordBoundary();
    }

    /**
     * A request's head (BEGIN_REQUEST and PARAMS) must arrive within the connection
     * timeout as a whole: the per-read timeout alone lets a client trickle a byte now and
     * then forever.
     * @return whether the head of the request being read took too long
     */
    boolean headTooSlow() {
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

    /**
     * Reads and discards what is left of STDIN before END_REQUEST, so a kept connection
     * stays in step and the web server sees its whole body taken. Beyond the swallow
     * limit the connection is closed instead.
     * @param mayBlock whether to wait for the rest of STDIN (not on the poller's thread)
     * @throws IOException when the connection fails or the records break the protocol
     */
    void drainStdin(boolean mayBlock) throws IOException {
        if (this.stdinEnded || this.aborted) {
            return;
        }
        this.phase = Phase.DRAIN;
        this.drainStart = this.body.received();
        RecordEvent event = pump(false);
        boolean dry = event == RecordEvent.NEED_INPUT || event == RecordEvent.END_OF_INPUT;
        if (!dry || this.stdinEnded || this.closeRequested || this.input.isEndOfInput()) {
            return;
        }
        // More is on its way: let the response out first, then wait for the rest.
        this.output.sendEndOfStream();
        if (this.keepConnection && mayBlock) {
            pump(true);
        }
        else {
            this.keepConnection = false;
        }
    }

    /**
     * @return the request's id
     */
    int requestId() {
        return this.requestId;
    }

    /**
     * @return whether the web server aborted the request
     */
    boolean isAborted() {
        return this.aborted;
    }

    /**
     * @return whether STDIN was read to its end (or will not be read)
     */
    boolean isStdinEnded() {
        return this.stdinEnded;
    }

    /**
     * @return the status to refuse the request with, 0 when it is to be served
     */
    int refusalStatus() {
        return this.rejectStatus;
    }

    /**
     * @return why the request is refused
     */
    String refusalReason() {
        return this.rejectReason;
    }

    /**
     * @return whether the web server asked to keep the connection and nothing since has
     * ruled it out
     */
    boolean keepConnection() {
        return this.keepConnection && !this.closeRequested && !this.input.isEndOfInput();
    }

    /**
     * Closes the connection after this request: what is left of STDIN will not be read.
     */
    void stopReadingStdin() {
        this.keepConnection = false;
        this.stdinEnded = true;
    }

    /**
     * Closes the connection after this request: its framing can no longer be trusted, or
     * the body was replaced.
     */
    void closeAfterRequest() {
        this.keepConnection = false;
    }

    /** Closes the connection at once. */
    void requestClose() {
        this.closeRequested = true;
    }

    /**
     * @return whether the connection is to be closed at once
     */
    boolean isCloseRequested() {
        return this.closeRequested;
    }

    /**
     * @return bytes read from the socket since the last call
     */
    long takeBytesRead() {
        return this.input.takeBytesRead();
    }

    /** Forgets the request, for the connection's next one. */
    void nextRequest() {
        this.body.recycle();
        this.mapper.reset();
        this.phase = Phase.IDLE;
        this.requestId = 0;
        this.keepConnection = false;
        this.authorizer = false;
        this.stdinEnded = false;
        this.aborted = false;
        this.rejectStatus = 0;
        this.rejectReason = null;
        this.headStartNanos = 0;
    }

    /** Forgets the connection. */
    void recycle() {
        nextRequest();
        this.input.recycle();
        this.closeRequested = false;
        this.socketWrapper = null;
    }

    /**
     * Serves a streamed body's chunks to the application, reading the connection as it
     * asks for more.
     */
    private final class StdinChunks implements StreamedBody.Chunks {

        @Override
        public ByteBuffer next() throws IOException {
            if (RequestRecords.this.aborted) {
                throw new EOFException("FastCGI request aborted by the web server");
            }
            if (RequestRecords.this.stdinEnded) {
                return null;
            }
            RecordEvent event = pump(true);
            if (RequestRecords.this.aborted) {
                throw new EOFException("FastCGI request aborted by the web server");
            }
            return (event == RecordEvent.STDIN) ? RequestRecords.this.input.contentView() : null;
        }

        @Override
        public boolean mayHaveMore() {
            return !RequestRecords.this.stdinEnded && RequestRecords.this.input.hasBufferedInput();
        }

        @Override
        public boolean ended() {
            return RequestRecords.this.stdinEnded;
        }

    }

}
