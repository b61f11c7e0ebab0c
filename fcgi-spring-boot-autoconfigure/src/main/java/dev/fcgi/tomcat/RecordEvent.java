package dev.fcgi.tomcat;

/**
 * What a connection's input said next, as {@link RecordInput#next(boolean)} reports it.
 * Events of PARAMS and STDIN come for every request id; which of them belong to the
 * request being served is the processor's to decide.
 */
enum RecordEvent {

    /**
     * Nothing complete is buffered and a read without blocking found no more: wait for
     * input.
     */
    NEED_INPUT,

    /** The web server closed its side of the connection. */
    END_OF_INPUT,

    /**
     * A BEGIN_REQUEST record: its request id, role and keep-connection flag are valid.
     */
    BEGIN_REQUEST,

    /**
     * A chunk of a PARAMS record's content, at the record input's content offset and
     * length.
     */
    PARAMS,

    /** An empty PARAMS record: the end of a request's PARAMS stream. */
    PARAMS_END,

    /**
     * A chunk of a STDIN record's content, at the record input's content offset and
     * length.
     */
    STDIN,

    /** An empty STDIN record: the end of a request's body. */
    STDIN_END,

    /** An ABORT_REQUEST record. */
    ABORT_REQUEST,

    /** A FCGI_GET_VALUES management record, its whole content collected. */
    GET_VALUES,

    /**
     * A management record (request id 0) of a type this side does not know: its type is
     * valid.
     */
    UNKNOWN_MANAGEMENT

}
