package dev.fcgi.tomcat;

/**
 * When response bytes leave the connector's output buffer as STDOUT records.
 */
public enum FlushMode {

    /**
     * A response produced over time (flushed between writes, SseEmitter,
     * ResponseBodyEmitter, StreamingResponseBody, {@code text/event-stream}) goes out as
     * flushed and carries {@code X-Accel-Buffering: no}, so nginx passes it on
     * unbuffered; a flush that only ends a response (a template engine closing a view,
     * Catalina after an error page) leaves an ordinary response the web server may
     * buffer. The first flush of a synchronous response is held to tell the two apart:
     * see {@link HeldFlush}.
     */
    AUTO,

    /** Every write goes out at once, like mod_fcgid's {@code FcgidOutputBufferSize 0}. */
    ALWAYS,

    /**
     * Explicit flushes are ignored; bytes go out when the buffer fills or the response
     * ends.
     */
    NEVER

}
