package dev.fcgi.protocol;

/**
 * The eleven FastCGI 1.0 record types, as the {@code type} byte of a record header.
 */
public final class RecordType {

    /** Starts a request: role and flags. */
    public static final int BEGIN_REQUEST = 1;

    /** The web server abandons a request. */
    public static final int ABORT_REQUEST = 2;

    /** The application ends a request: application status and protocol status. */
    public static final int END_REQUEST = 3;

    /** Stream of name-value pairs: the CGI environment of a request. */
    public static final int PARAMS = 4;

    /** Stream of request body bytes. */
    public static final int STDIN = 5;

    /** Stream of response bytes: CGI headers, then the body. */
    public static final int STDOUT = 6;

    /** Stream of error text for the web server's log. */
    public static final int STDERR = 7;

    /** Stream of extra data for the filter role. */
    public static final int DATA = 8;

    /** Management query for variables such as {@code FCGI_MAX_CONNS}. */
    public static final int GET_VALUES = 9;

    /** Answer to {@link #GET_VALUES}. */
    public static final int GET_VALUES_RESULT = 10;

    /** Answer to a management record of a type the application does not know. */
    public static final int UNKNOWN_TYPE = 11;

    /** The highest type defined by FastCGI 1.0. */
    public static final int MAX_DEFINED = UNKNOWN_TYPE;

    private static final String[] NAMES = { null, "BEGIN_REQUEST", "ABORT_REQUEST", "END_REQUEST", "PARAMS", "STDIN",
            "STDOUT", "STDERR", "DATA", "GET_VALUES", "GET_VALUES_RESULT", "UNKNOWN_TYPE" };

    private RecordType() {
    }

    /**
     * Returns the specification's name of a record type, or {@code UNKNOWN(n)}.
     * @param type the type byte
     * @return a name for logs and error messages
     */
    public static String nameOf(int type) {
        return (type >= 1 && type <= MAX_DEFINED) ? NAMES[type] : "UNKNOWN(" + type + ")";
    }

    /**
     * Tells whether a record type is a management type, answered on request id 0.
     * @param type the type byte
     * @return true for {@link #GET_VALUES}, {@link #GET_VALUES_RESULT} and
     * {@link #UNKNOWN_TYPE}
     */
    public static boolean isManagement(int type) {
        return type == GET_VALUES || type == GET_VALUES_RESULT || type == UNKNOWN_TYPE;
    }

}
