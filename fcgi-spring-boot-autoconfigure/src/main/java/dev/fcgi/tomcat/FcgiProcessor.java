package dev.fcgi.tomcat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

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
 * Serves one FastCGI connection at a time: the lifecycle of each request on it (read,
 * dispatch or refuse, finish, recycle) and the Coyote hooks. The records and the
 * request's FastCGI state are its {@link RequestRecords}', the body its
 * {@link StdinInputBuffer}'s, the response's head, STDOUT records and flushes its
 * {@link StdoutOutputBuffer}'s, written through this processor's socket.
 * <p>
 * Until a request is ready for dispatch the socket is read without blocking, and
 * {@link SocketState#LONG} gives the worker back while more records are awaited; so slow
 * clients and small bodies hold no thread. Requests on a connection are served one after
 * another ({@code FCGI_MPXS_CONNS=0}); the connection is kept when the web server asks
 * for it ({@code FCGI_KEEP_CONN}), with no cap on requests per connection.
 */
final class FcgiProcessor extends AbstractProcessor implements RequestInApplication {

    private static final Log log = LogFactory.getLog(FcgiProcessor.class);

    private final FcgiNioProtocol protocol;

    private final StdoutOutputBuffer output;

    private final RequestRecords records;

    private final StdinInputBuffer body;

    /**
     * Read by the shutdown thread: the request was handed to the application and has not
     * ended.
     */
    private volatile boolean inApplication;

    private int endProtocolStatus = FcgiConstants.REQUEST_COMPLETE;

    private boolean drainMayBlock = true;

    FcgiProcessor(FcgiNioProtocol protocol, Adapter adapter) {
        super(adapter);
        this.protocol = protocol;
        this.output = new StdoutOutputBuffer(this.response, protocol.getOutputBufferSize(), protocol::getFlushMode,
                protocol::getUtilityExecutor, new ConnectionChannel());
        this.records = new RequestRecords(protocol, this.request, this.output);
        this.body = this.records.body();
        this.request.setInputBuffer(this.body);
        this.response.setOutputBuffer(this.output);
    }

    // ------------------------------------------------------------------ serving

    @Override
    protected void setSocketWrapper(SocketWrapperBase<?> socketWrapper) {
        super.setSocketWrapper(socketWrapper);
        this.records.setSocketWrapper(socketWrapper);
    }

    @Override
    public SocketState service(SocketWrapperBase<?> socket) throws IOException {
        setSocketWrapper(socket);
        RequestInfo rp = this.request.getRequestProcessor();
        while (true) {
            rp.setStage(org.apache.coyote.Constants.STAGE_PARSE);
            RecordEvent event;
            try {
                event = this.records.pump(false);
            }
            catch (IOException ex) {
                connectionProblem(ex);
                return SocketState.CLOSED;
            }
            if (this.records.isCloseRequested() || event == RecordEvent.END_OF_INPUT) {
                return SocketState.CLOSED;
            }
            if (event == RecordEvent.NEED_INPUT) {
                if (this.records.isIdle()) {
                    socket.setReadTimeout(this.protocol.getKeepAliveTimeout());
                    return this.protocol.isPaused() ? SocketState.CLOSED : SocketState.OPEN;
                }
                if (this.records.headTooSlow()) {
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
        if (this.records.isAborted()) {
            // ABORT_REQUEST before dispatch: the application never sees it.
            this.output.setSwallowResponse();
        }
        else if (this.records.refusalStatus() != 0) {
            reject();
        }
        else if (this.protocol.overloadMark().isSet()) {
            // Every worker is busy and the wait queue is full; this runs on the caller's
            // thread, which must not block, so the rest of the body is not waited for.
            this.records.refuse(503, "Every worker is busy and the wait queue is full");
            this.endProtocolStatus = FcgiConstants.OVERLOADED;
            this.drainMayBlock = false;
            this.response.addHeader("Retry-After", "1");
            reject();
        }
        else {
            // While the connector is paused (graceful shutdown) a request that reached us
            // is still served; its connection is closed afterwards (keepAfterRequest), so
            // the web server sends the next one elsewhere.
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
        // Tomcat asks to close the connection after some errors (say, a handler throwing
        // after its answer was complete). When END_REQUEST went out and STDIN was read to
        // its end, the FastCGI framing is intact and the connection can serve the next
        // request; closing it would fail that request at web servers that reuse
        // connections without retrying.
        boolean framingIntact = !getErrorState().isError()
                || (this.output.isFinished() && this.records.isStdinEnded() && getErrorState().isConnectionIoAllowed());
        return this.records.keepConnection() && framingIntact && !this.protocol.isPaused();
    }

    private void reject() {
        this.protocol.getStatistics().requestRejected();
        int status = this.records.refusalStatus();
        String reason = this.records.refusalReason();
        this.response.setStatus(status);
        this.response.setContentType("text/plain;charset=UTF-8");
        byte[] body = (status + " " + reason + "\n").getBytes(StandardCharsets.UTF_8);
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
            log.debug("FastCGI request " + this.records.requestId() + " refused with " + status + ": " + reason);
        }
    }

    private void connectionProblem(IOException ex) {
        if (ex instanceof FcgiProtocolException) {
            log.info("Closing FastCGI connection from " + this.socketWrapper.getRemoteAddr() + ": " + ex.getMessage());
        }
        else if (log.isDebugEnabled()) {
            log.debug("FastCGI connection failed", ex);
        }
        this.records.requestClose();
    }

    // ------------------------------------------------------------------ response

    @Override
    protected void prepareResponse() throws IOException {
        this.response.setCommitted(true);
        if (this.body.isOverLimit() && this.response.getStatus() == 400) {
            // Catalina answers a failed body read with 400; the reason here is the size
            // limit.
            this.response.setStatus(413);
        }
        this.output.prepareResponse();
    }

    @Override
    protected void flush() throws IOException {
        this.output.flush(isAsync());
    }

    /**
     * A request that went asynchronous with a flush held streams: the held bytes go out
     * now.
     */
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
        this.records.drainStdin(this.drainMayBlock);
        // The spill file goes before END_REQUEST: once the web server sees the end,
        // nothing of it is left.
        this.body.deleteSpillFile();
        this.output.end(this.endProtocolStatus);
    }

    // ------------------------------------------------------------------ lifecycle

    private void resetRequest() {
        this.output.nextRequest();
        getAdapter().checkRecycled(this.request, this.response);
        super.recycle();
        this.request.recycle();
        this.response.recycle();
        this.records.nextRequest();
        this.inApplication = false;
        this.endProtocolStatus = FcgiConstants.REQUEST_COMPLETE;
        this.drainMayBlock = true;
    }

    @Override
    public void recycle() {
        resetRequest();
        this.records.recycle();
        this.output.recycle();
    }

    /**
     * @return whether the current request was handed to the application and has not ended
     */
    @Override
    public boolean isInApplication() {
        return this.inApplication;
    }

    @Override
    public void pause() {
        // Nothing to do: a paused protocol closes connections once their current request
        // ends.
    }

    // ------------------------------------------------------------------ remaining Coyote
    // hooks

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
        if (this.body.replace(body) && !this.records.isStdinEnded()) {
            // STDIN still carries the streamed body's rest, which will not be read.
            this.records.closeAfterRequest();
        }
        this.request.setContentLength(body.getLength());
    }

    @Override
    protected void setSwallowResponse() {
        this.output.setSwallowResponse();
    }

    @Override
    protected void disableSwallowRequest() {
        // The rest of the body will not be read: close the connection after this request
        // instead of draining.
        this.records.stopReadingStdin();
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
        // The socket's peer is the web server; the client's address and port come from
        // the params.
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
        return this.socketWrapper.getServletConnection("fcgi", Integer.toString(this.records.requestId()));
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
         * Writes straight to the channel, without copying into the socket wrapper's own
         * buffer; what the channel does not take at once (a full socket buffer) goes
         * through the wrapper's blocking write instead.
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

        /**
         * Counted before END_REQUEST leaves: a client that has its response must find it
         * in the status page.
         */
        @Override
        public void ending(long wireBytesOut) {
            Request request = FcgiProcessor.this.request;
            FcgiProcessor.this.protocol.getStatistics()
                .requestEnded(FcgiProcessor.this.records.isAborted() ? 499 : FcgiProcessor.this.response.getStatus(),
                        System.nanoTime() - request.getStartTimeNanos(), FcgiProcessor.this.records.takeBytesRead(),
                        wireBytesOut);
        }

    }

}
