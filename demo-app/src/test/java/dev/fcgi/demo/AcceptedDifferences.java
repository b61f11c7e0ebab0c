package dev.fcgi.demo;

import java.util.List;
import java.util.Set;

/**
 * Every way an answer over FastCGI may differ from the same request's answer over
 * Tomcat's HTTP connector, with the reason. {@link TransportDifferentialTests} fails on a
 * difference that is not here, and on an entry here that no longer occurs: this list is
 * the whole truth about where the transports part.
 */
final class AcceptedDifferences {

    /** Every FastCGI route. */
    static final Set<String> ALL = Set.of("nginx", "apache", "h2o", "cgi-params");

    /**
     * An accepted difference.
     *
     * @param routes the routes it occurs on
     * @param caseName the corpus case
     * @param aspect the aspect of the answer (see AnswerView), or a prefix ending in
     * {@code *}
     * @param reason why it is right, or why it is the front end's doing and cannot be
     * helped here
     */
    record Entry(Set<String> routes, String caseName, String aspect, String reason) {

        boolean matches(String route, String caseName, String aspect) {
            boolean aspectMatches = this.aspect.endsWith("*")
                    ? aspect.startsWith(this.aspect.substring(0, this.aspect.length() - 1))
                    : this.aspect.equals(aspect);
            return this.routes.contains(route) && this.caseName.equals(caseName) && aspectMatches;
        }

    }

    static final List<Entry> ENTRIES = List.of(
            // Decisions of this connector.
            new Entry(ALL, "raw UTF-8 in path and query", "*",
                    "Tomcat's HTTP parser refuses bytes above 0x7F in the request target with 400; nginx, Apache "
                            + "and h2o accept them and pass them on, so the connector reads them as UTF-8, as their "
                            + "percent-encoded form is read, instead of refusing what the web server accepted"),
            new Entry(ALL, "Proxy header (httpoxy)", "body.headers",
                    "HTTP_PROXY is never a header over FastCGI (httpoxy: CGI code reads it as a proxy setting)"),
            new Entry(ALL, "repeated Accept: negotiation", "body.remotePort",
                    "every connection has its own client port (cgi-fcgi's environment names a fixed one)"),
            new Entry(Set.of("nginx", "h2o"), "repeated Accept: negotiation", "body.serverPort",
                    "a Host without a port means 80 to HTTP; nginx ($host) and h2o pass the name without the "
                            + "client's port, and SERVER_PORT, the port the web server listens on, is the "
                            + "better guess; redirects are written relative, so they do not depend on it"),
            new Entry(Set.of("apache", "h2o", "cgi-params"), "streamed lines", "header:x-accel-buffering",
                    "a streamed response asks nginx not to buffer it; nginx consumes the header, other front "
                            + "ends pass it on to the client, where it means nothing"),
            // What a front end or CGI itself does to a request.
            new Entry(ALL, "underscore in a header name", "body.headers",
                    "nginx (underscores_in_headers off) and Apache drop a header whose name holds '_'; "
                            + "through h2o and a CGI environment it arrives as '-': HTTP_X_UNDER_SCORE cannot "
                            + "say which it was"),
            new Entry(Set.of("apache", "cgi-params"), "repeated header lines", "body.headers",
                    "Apache and a CGI environment join a header's lines with \", \" (RFC 9110 section 5.3: "
                            + "the same field value), the app sees one line"),
            new Entry(Set.of("apache", "h2o", "cgi-params"), "cookies on two lines", "body.headers",
                    "the Cookie lines arrive joined into one; the cookies the app reads are the same"),
            new Entry(Set.of("cgi-params"), "empty query", "body.queryString",
                    "CGI's QUERY_STRING is empty both for '/q?' and for '/q', and the connector reads it as no query"),
            new Entry(Set.of("cgi-params"), "path parameter", "body.*",
                    "PATH_INFO is decoded: a ';' in it may have been %3B, so it is taken as part of the path, "
                            + "never as a path parameter"),
            new Entry(Set.of("cgi-params"), "encoded dot segments", "body.*",
                    "PATH_INFO holds '..', not the %2e%2e the client sent: the raw URI the app sees (in an error "
                            + "body too) says '..'; the path is the same"),
            new Entry(Set.of("cgi-params"), "encoded slash", "*",
                    "PATH_INFO is decoded, so %2F arrives as '/' and is served, where Tomcat's HTTP connector "
                            + "refuses an encoded slash with 400"),
            new Entry(Set.of("apache"), "encoded slash", "*",
                    "Apache answers 404 itself (AllowEncodedSlashes Off) where Tomcat's HTTP connector answers "
                            + "400; the request never reaches the app"));

    private AcceptedDifferences() {
    }

    static Entry find(String route, String caseName, String aspect) {
        for (Entry entry : ENTRIES) {
            if (entry.matches(route, caseName, aspect)) {
                return entry;
            }
        }
        return null;
    }

}
