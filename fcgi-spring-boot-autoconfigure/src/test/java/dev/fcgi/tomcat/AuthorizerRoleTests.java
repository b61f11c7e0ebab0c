package dev.fcgi.tomcat;

import java.io.IOException;
import java.util.Map;

import dev.fcgi.autoconfigure.LocalFcgiPort;
import dev.fcgi.protocol.FcgiConstants;
import dev.fcgi.testsupport.FcgiTestClient;
import dev.fcgi.testsupport.FcgiTestClient.Response;
import dev.fcgi.testsupport.TestApplication;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code fcgi.authorizer.enabled=true} the application's filters decide an
 * AUTHORIZER request and the handler never runs: here a filter of the application's own
 * (no Spring Security on this class path) that wants {@code X-Token: ok}, or HTTP Basic
 * {@code alice}/{@code secret}, under {@code /private/}.
 */
@SpringBootTest(classes = { TestApplication.class, AuthorizerRoleTests.Rules.class },
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "fcgi.port=0", "fcgi.authorizer.enabled=true" })
class AuthorizerRoleTests {

    @LocalFcgiPort
    int port;

    @Test
    void allowedRequestIsApprovedWithTheUserAndTheHandlerDoesNotRun() throws Exception {
        Map<String, String> params = AuthorizerRequests.params("GET", "/private/hello");
        params.put("HTTP_X_TOKEN", "ok");
        Response response = authorize(params);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.protocolStatus()).isEqualTo(FcgiConstants.REQUEST_COMPLETE);
        assertThat(response.headers("Variable-REMOTE_USER")).containsExactly("alice");
        assertThat(response.headers("Variable-ROLE")).containsExactly("reader");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void publicPathIsApprovedWithoutAUser() throws Exception {
        // /hello has a handler that answers "hello": the approval carries no body.
        Response response = authorize(AuthorizerRequests.params("GET", "/hello"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers("Variable-REMOTE_USER")).isEmpty();
        assertThat(response.body()).isEmpty();
    }

    @Test
    void refusalIsTheApplicationsOwnAnswer() throws Exception {
        Response response = authorize(AuthorizerRequests.params("GET", "/private/hello"));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers("WWW-Authenticate")).containsExactly("Token");
        assertThat(response.headers("Variable-REMOTE_USER")).isEmpty();
    }

    @Test
    void aUserNamedByTheWebServerIsNotTakenAsAuthenticated() throws Exception {
        Map<String, String> params = AuthorizerRequests.params("GET", "/hello");
        params.put("REMOTE_USER", "mallory");
        Response response = authorize(params);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers("Variable-REMOTE_USER")).isEmpty();
    }

    @Test
    void apacheAuthenticatorCredentialsReachTheAppAsBasicAuthorization() throws Exception {
        Map<String, String> params = AuthorizerRequests.params("GET", "/private/hello");
        params.put("FCGI_APACHE_ROLE", "AUTHENTICATOR");
        params.put("REMOTE_USER", "alice");
        params.put("REMOTE_PASSWD", "secret");
        assertThat(authorize(params).headers("Variable-REMOTE_USER")).containsExactly("alice");
        params.put("REMOTE_PASSWD", "wrong");
        assertThat(authorize(params).status()).isEqualTo(401);
        params.put("REMOTE_PASSWD", "secret");
        params.put("FCGI_APACHE_ROLE", "AUTHORIZER");
        assertThat(authorize(params).status()).isEqualTo(401);
    }

    @Test
    void responderRequestsStillReachTheHandler() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(this.port)) {
            AuthorizerRequests.send(client, AuthorizerRequests.params("GET", "/hello"));
            assertThat(client.readResponse(1).body()).isEmpty();
            assertThat(client.exchange(FcgiTestClient.params("GET", "/hello"), new byte[0]).bodyText())
                .isEqualTo("hello");
        }
    }

    private Response authorize(Map<String, String> params) throws IOException {
        try (FcgiTestClient client = FcgiTestClient.connect(this.port)) {
            AuthorizerRequests.send(client, params);
            return client.readResponse(1);
        }
    }

    /** The application's own security rule, in place of Spring Security. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Rules {

        @Bean
        FilterRegistrationBean<Filter> tokenFilter() {
            Filter filter = (request, response, chain) -> {
                HttpServletRequest http = (HttpServletRequest) request;
                if (!http.getRequestURI().startsWith("/private/")) {
                    chain.doFilter(request, response);
                    return;
                }
                boolean basic = ("Basic " + java.util.Base64.getEncoder().encodeToString("alice:secret".getBytes()))
                    .equals(http.getHeader("Authorization"));
                if (!"ok".equals(http.getHeader("X-Token")) && !basic) {
                    HttpServletResponse httpResponse = (HttpServletResponse) response;
                    httpResponse.setHeader("WWW-Authenticate", "Token");
                    httpResponse.sendError(401);
                    return;
                }
                ((HttpServletResponse) response).setHeader("Variable-ROLE", "reader");
                chain.doFilter(new HttpServletRequestWrapper(http) {
                    @Override
                    public String getRemoteUser() {
                        return "alice";
                    }
                }, response);
            };
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
            registration.setOrder(0);
            return registration;
        }

    }

}
