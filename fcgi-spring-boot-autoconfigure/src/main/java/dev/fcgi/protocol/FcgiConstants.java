package dev.fcgi.protocol;

/**
 * Fixed numbers of FastCGI 1.0: version, header size, roles, flags, protocol status
 * values and the management variable names.
 */
public final class FcgiConstants {

    /** The only protocol version: {@code FCGI_VERSION_1}. */
    public static final int VERSION = 1;

    /** Bytes in a record header. */
    public static final int HEADER_LENGTH = 8;

    /** Largest content a single record carries (the 16-bit content length). */
    public static final int MAX_CONTENT_LENGTH = 0xFFFF;

    /**
     * Most padding a record written here carries: content is padded to a multiple of 8
     * bytes, as the specification recommends. (A received record's padding may be up to
     * 255 bytes.)
     */
    public static final int MAX_ALIGNMENT_PADDING = 7;

    /** Request id of management records. */
    public static final int NULL_REQUEST_ID = 0;

    /** Content length of BEGIN_REQUEST and END_REQUEST bodies. */
    public static final int BEGIN_END_BODY_LENGTH = 8;

    /** {@code FCGI_RESPONDER}: the role this connector serves. */
    public static final int ROLE_RESPONDER = 1;

    /** {@code FCGI_AUTHORIZER}. */
    public static final int ROLE_AUTHORIZER = 2;

    /** {@code FCGI_FILTER}. */
    public static final int ROLE_FILTER = 3;

    /**
     * {@code FCGI_KEEP_CONN}: the web server keeps the connection open after the request.
     */
    public static final int FLAG_KEEP_CONN = 1;

    /** {@code FCGI_REQUEST_COMPLETE}: normal end of a request. */
    public static final int REQUEST_COMPLETE = 0;

    /**
     * {@code FCGI_CANT_MPX_CONN}: a second request on a connection that serves one at a
     * time.
     */
    public static final int CANT_MPX_CONN = 1;

    /** {@code FCGI_OVERLOADED}: the application is out of some resource. */
    public static final int OVERLOADED = 2;

    /** {@code FCGI_UNKNOWN_ROLE}: a role the application does not serve. */
    public static final int UNKNOWN_ROLE = 3;

    /** Management variable: connections the application accepts at once. */
    public static final String MAX_CONNS = "FCGI_MAX_CONNS";

    /** Management variable: requests the application serves at once. */
    public static final String MAX_REQS = "FCGI_MAX_REQS";

    /**
     * Management variable: whether connections are multiplexed ({@code 0} or {@code 1}).
     */
    public static final String MPXS_CONNS = "FCGI_MPXS_CONNS";

    private FcgiConstants() {
    }

}
