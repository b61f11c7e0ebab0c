package dev.fcgi.tomcat;

/**
 * When response bytes leave the connector's output buffer as STDOUT records.
 */
public enum FlushMode {

    /**
     * An explicit flush (flushBuffer, SseEmitter, StreamingResponseBody) goes out at once; a response committed by
     * such a flush, or of type {@code text/event-stream}, carries {@code X-Accel-Buffering: no} so nginx passes it on
     * unbuffered.
     */
    AUTO,

    /** Every write goes out at once, like mod_fcgid's {@code FcgidOutputBufferSize 0}. */
    ALWAYS,

    /** Explicit flushes are ignored; bytes go out when the buffer fills or the response ends. */
    NEVER

}
