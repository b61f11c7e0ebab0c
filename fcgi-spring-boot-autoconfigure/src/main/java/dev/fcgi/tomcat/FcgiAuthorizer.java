package dev.fcgi.tomcat;

import jakarta.servlet.ServletRequest;

/**
 * How a request that came in the FastCGI AUTHORIZER role is told apart from an ordinary
 * one.
 * <p>
 * A web server in authorizer mode (lighttpd {@code "mode" => "authorizer"}, Apache
 * {@code mod_authnz_fcgi}) sends the client's request line, headers and address but no
 * body, and asks only whether the request may proceed: a {@code 200} answer approves it
 * (the web server then serves the content itself, with any {@code Variable-NAME} response
 * headers set as variables of the request); any other answer goes back to the client as
 * the refusal.
 * <p>
 * The connector marks such a request with the attribute {@link #REQUEST_ATTRIBUTE} and
 * runs it through the application's filters; a terminal component (the starter's
 * authorizer filter) answers {@code 200} once the filters let it through, in place of the
 * handler. With the role switched off the connector answers {@code 403} itself, and the
 * application never sees the request.
 */
public final class FcgiAuthorizer {

    /**
     * Request attribute set to {@link Boolean#TRUE} on requests that came in the
     * AUTHORIZER role. Only the connector sets it: a PARAMS value exposed by
     * {@code fcgi.request.attributes-pattern} is a {@link String}, never a
     * {@link Boolean}.
     */
    public static final String REQUEST_ATTRIBUTE = "dev.fcgi.tomcat.authorizer";

    /**
     * Prefix of the response headers a web server turns into variables of the approved
     * request.
     */
    public static final String VARIABLE_PREFIX = "Variable-";

    /**
     * Response header carrying the approved request's user to the web server (Apache:
     * {@code %{reqenv:REMOTE_USER}}).
     */
    public static final String VARIABLE_REMOTE_USER = VARIABLE_PREFIX + "REMOTE_USER";

    private FcgiAuthorizer() {
    }

    /**
     * Tells whether a request came in the AUTHORIZER role.
     * @param request a servlet request, possibly wrapped
     * @return true when the connector marked it
     */
    public static boolean isAuthorizerRequest(ServletRequest request) {
        return Boolean.TRUE.equals(request.getAttribute(REQUEST_ATTRIBUTE));
    }

}
