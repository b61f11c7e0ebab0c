package dev.fcgi.autoconfigure;

import java.io.IOException;

import dev.fcgi.tomcat.FcgiAuthorizer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Answers a FastCGI AUTHORIZER request that the application's filters let through:
 * {@code 200}, no body, and {@code Variable-REMOTE_USER} naming the authenticated user,
 * instead of calling the handler.
 * <p>
 * Registered last in the filter chain (after Spring Security's), so it is reached only
 * when every filter before it passed the request on; a filter that refuses (Spring
 * Security's 401 with {@code WWW-Authenticate}, a 403, a redirect to a login page)
 * answers before it, and that answer goes back to the client through the web server.
 * Headers the filters set stay, so a filter can add its own {@code Variable-NAME}
 * headers. Ordinary (RESPONDER) requests pass through untouched.
 */
public class FcgiAuthorizerFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest httpRequest && response instanceof HttpServletResponse httpResponse
                && httpRequest.getDispatcherType() == DispatcherType.REQUEST
                && FcgiAuthorizer.isAuthorizerRequest(request)) {
            approve(httpRequest, httpResponse);
            return;
        }
        chain.doFilter(request, response);
    }

    private void approve(HttpServletRequest request, HttpServletResponse response) {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        String user = request.getRemoteUser();
        if (user != null && !user.isEmpty() && !response.containsHeader(FcgiAuthorizer.VARIABLE_REMOTE_USER)) {
            response.setHeader(FcgiAuthorizer.VARIABLE_REMOTE_USER, user);
        }
        response.setContentLength(0);
    }

}
