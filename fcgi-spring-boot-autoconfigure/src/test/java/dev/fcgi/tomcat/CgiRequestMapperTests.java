package dev.fcgi.tomcat;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import dev.fcgi.protocol.FcgiConstants;
import dev.fcgi.protocol.RecordType;
import dev.fcgi.testsupport.BareFcgiServer;
import dev.fcgi.testsupport.BareFcgiTomcat;
import dev.fcgi.testsupport.FcgiTestClient;
import dev.fcgi.testsupport.FcgiTestClient.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CGI params as the application sees them: the mapping in the contract, checked through
 * the servlet API.
 * <p>
 * One Tomcat without Spring serves the whole class, turning the params
 * {@code SSL_.*|GEOIP_COUNTRY} into request attributes; its servlet answers
 * {@code /request} with what it saw, as JSON.
 */
class CgiRequestMapperTests {

    @RegisterExtension
    static final BareFcgiServer server = new BareFcgiServer(
            BareFcgiTomcat.builder().attributesPattern("SSL_.*|GEOIP_COUNTRY"));

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void clientAddressSchemeAndServerComeFromTheParams() throws Exception {
        Map<String, String> params = FcgiTestClient.params("GET", "/request?q=caf%C3%A9&x=1");
        params.put("REMOTE_ADDR", "203.0.113.7");
        params.put("REMOTE_PORT", "51234");
        params.put("HTTPS", "on");
        params.put("SERVER_NAME", "example.org");
        params.put("SERVER_PORT", "8443");
        params.put("HTTP_HOST", "example.org");
        params.put("REMOTE_USER", "alice");
        JsonNode seen = request(params);
        assertThat(seen.get("uri").asString()).isEqualTo("/request");
        assertThat(seen.get("query").asString()).isEqualTo("q=caf%C3%A9&x=1");
        assertThat(seen.get("remoteAddr").asString()).isEqualTo("203.0.113.7");
        assertThat(seen.get("remotePort").asInt()).isEqualTo(51234);
        assertThat(seen.get("scheme").asString()).isEqualTo("https");
        assertThat(seen.get("secure").asBoolean()).isTrue();
        assertThat(seen.get("serverName").asString()).isEqualTo("example.org");
        assertThat(seen.get("serverPort").asInt()).isEqualTo(8443);
        assertThat(seen.get("remoteUser").asString()).isEqualTo("alice");
    }

    @Test
    void hostHeaderPortWinsOverServerPort() throws Exception {
        Map<String, String> params = FcgiTestClient.params("GET", "/request");
        params.put("HTTP_HOST", "shop.example:8080");
        params.put("SERVER_PORT", "80");
        JsonNode seen = request(params);
        assertThat(seen.get("serverName").asString()).isEqualTo("shop.example");
        assertThat(seen.get("serverPort").asInt()).isEqualTo(8080);
        assertThat(seen.get("scheme").asString()).isEqualTo("http");
        assertThat(seen.get("secure").asBoolean()).isFalse();
    }

    @Test
    void requestSchemeHttpsMakesTheRequestSecure() throws Exception {
        Map<String, String> params = FcgiTestClient.params("GET", "/request");
        params.put("REQUEST_SCHEME", "https");
        assertThat(request(params).get("secure").asBoolean()).isTrue();
    }

    @Test
    void httpParamsBecomeHeadersOnceWithoutProxyAndContentDuplicates() throws Exception {
        Map<String, String> params = FcgiTestClient.params("POST", "/request");
        params.put("CONTENT_TYPE", "application/x-www-form-urlencoded");
        params.put("CONTENT_LENGTH", "3");
        params.put("HTTP_CONTENT_TYPE", "application/x-www-form-urlencoded");
        params.put("HTTP_CONTENT_LENGTH", "3");
        params.put("HTTP_X_FORWARDED_FOR", "198.51.100.1");
        params.put("HTTP_PROXY", "http://evil.example");
        params.put("HTTP_USER_AGENT", "curl/8");
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            client.sendRequest(1, true, params, "a=b".getBytes());
            Response response = client.readResponse(1);
            assertThat(response.status()).isEqualTo(200);
            JsonNode headers = this.json.readTree(response.body()).get("headers");
            assertThat(headers.get("x-forwarded-for").asString()).isEqualTo("198.51.100.1");
            assertThat(headers.get("user-agent").asString()).isEqualTo("curl/8");
            assertThat(headers.get("content-type").asString()).isEqualTo("application/x-www-form-urlencoded");
            assertThat(headers.get("content-length").asString()).isEqualTo("3");
            assertThat(headers.has("proxy")).isFalse();
        }
    }

    @Test
    void onlyParamsMatchingThePatternBecomeAttributes() throws Exception {
        assertThat(attribute("SSL_CLIENT_S_DN")).isEqualTo("CN=alice");
        assertThat(attribute("GEOIP_COUNTRY")).isEqualTo("NZ");
        assertThat(attribute("DOCUMENT_ROOT")).isEqualTo("null");
    }

    private String attribute(String name) throws Exception {
        Map<String, String> params = FcgiTestClient.params("GET", "/attribute?name=" + name);
        params.put("SSL_CLIENT_S_DN", "CN=alice");
        params.put("GEOIP_COUNTRY", "NZ");
        params.put("DOCUMENT_ROOT", "/var/www");
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            return client.exchange(params, new byte[0]).bodyText();
        }
    }

    @Test
    void scriptNameAndPathInfoStandInForAMissingRequestUri() throws Exception {
        Map<String, String> params = FcgiTestClient.params("GET", "/request");
        params.remove("REQUEST_URI");
        params.put("SCRIPT_NAME", "/request");
        params.put("PATH_INFO", "");
        params.put("QUERY_STRING", "a=1");
        JsonNode seen = request(params);
        assertThat(seen.get("uri").asString()).isEqualTo("/request");
        assertThat(seen.get("query").asString()).isEqualTo("a=1");
    }

    @Test
    void aHeaderSentAsSeveralParamsKeepsEveryLineInOrder() throws Exception {
        // nginx before 1.23 and h2o send each line of a repeated header as a param of its
        // own.
        Map<String, String> first = FcgiTestClient.params("GET", "/request");
        first.put("HTTP_HOST", "first.example");
        first.put("HTTP_ACCEPT", "text/html");
        first.put("HTTP_X_FORWARDED_FOR", "192.0.2.1");
        Map<String, String> second = new LinkedHashMap<>();
        second.put("HTTP_ACCEPT", "application/json");
        second.put("HTTP_X_FORWARDED_FOR", "198.51.100.2");
        second.put("HTTP_HOST", "second.example");
        JsonNode lines = requestInTwoParamsRecords(first, second).get("headerLines");
        assertThat(lines.get("accept").toString()).isEqualTo("[\"text/html\",\"application/json\"]");
        assertThat(lines.get("x-forwarded-for").toString()).isEqualTo("[\"192.0.2.1\",\"198.51.100.2\"]");
        assertThat(lines.get("host").toString()).isEqualTo("[\"first.example\"]");
    }

    @Test
    void cookieLinesJoinedWithACommaAreReadAsSeparateCookies() throws Exception {
        // Apache httpd joins a browser's two Cookie lines with ", ".
        Map<String, String> params = FcgiTestClient.params("GET", "/request");
        params.put("HTTP_COOKIE", "a=1, b=2; c=3");
        assertThat(request(params).get("cookies").toString()).isEqualTo("[\"a=1\",\"b=2\",\"c=3\"]");
    }

    @Test
    void contentLengthAndTypeComeOnlyFromTheirCgiParamsWhateverTheSpellingOfAnHttpParam() throws Exception {
        // Found by the record-stream fuzzer: a second Content-Length made Tomcat refuse
        // the request.
        Map<String, String> params = FcgiTestClient.params("POST", "/request");
        params.put("CONTENT_TYPE", "text/plain");
        params.put("CONTENT_LENGTH", "3");
        params.put("HTTP_CONTeNT_LENGTH", "3");
        params.put("HTTP_Content_Type", "text/html");
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            Response response = client.exchange(params, "abc".getBytes());
            assertThat(response.status()).as(response.head()).isEqualTo(200);
            JsonNode lines = this.json.readTree(response.body()).get("headerLines");
            assertThat(lines.get("content-length").toString()).isEqualTo("[\"3\"]");
            assertThat(lines.get("content-type").toString()).isEqualTo("[\"text/plain\"]");
        }
    }

    @Test
    void pathInfoIsTakenAsDecodedAndNotDecodedAgain() throws Exception {
        assertThat(pathInfo("/request/100%").get("servletPath").asString()).isEqualTo("/request/100%");
        assertThat(pathInfo("/request/100%").get("uri").asString()).isEqualTo("/request/100%25");
        assertThat(pathInfo("/request/a;b").get("servletPath").asString()).isEqualTo("/request/a;b");
        assertThat(pathInfo("/request/a%2Fb").get("servletPath").asString()).isEqualTo("/request/a%2Fb");
        assertThat(pathInfo("/request/été").get("servletPath").asString()).isEqualTo("/request/été");
        assertThat(pathInfo("/request/a b?").get("servletPath").asString()).isEqualTo("/request/a b?");
    }

    @Test
    void rawUtf8InTheRequestUriIsReadAsUtf8() throws Exception {
        JsonNode seen = request(FcgiTestClient.params("GET", "/request/été?q=é&x=%C3%A9"));
        assertThat(seen.get("uri").asString()).isEqualTo("/request/été");
        assertThat(seen.get("servletPath").asString()).isEqualTo("/request/été");
        assertThat(seen.get("query").asString()).isEqualTo("q=é&x=%C3%A9");
    }

    private JsonNode pathInfo(String pathInfo) throws Exception {
        Map<String, String> params = FcgiTestClient.params("GET", "/ignored");
        params.remove("REQUEST_URI");
        params.put("SCRIPT_NAME", "");
        params.put("PATH_INFO", pathInfo);
        return request(params);
    }

    private JsonNode requestInTwoParamsRecords(Map<String, String> first, Map<String, String> second) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(FcgiTestClient.beginRequest(1, FcgiConstants.ROLE_RESPONDER, false));
        bytes.write(FcgiTestClient.stream(RecordType.PARAMS, 1, FcgiTestClient.encodeParams(first)));
        bytes.write(FcgiTestClient.stream(RecordType.PARAMS, 1, FcgiTestClient.encodeParams(second)));
        bytes.write(FcgiTestClient.record(RecordType.PARAMS, 1, new byte[0]));
        bytes.write(FcgiTestClient.record(RecordType.STDIN, 1, new byte[0]));
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            client.send(bytes.toByteArray());
            return this.json.readTree(client.readResponse(1).bodyText());
        }
    }

    @Test
    void missingMethodIsABadRequest() throws Exception {
        Map<String, String> params = FcgiTestClient.params("GET", "/request");
        params.remove("REQUEST_METHOD");
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            assertThat(client.exchange(params, new byte[0]).status()).isEqualTo(400);
        }
    }

    private JsonNode request(Map<String, String> params) throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(server.port())) {
            Response response = client.exchange(params, new byte[0]);
            assertThat(response.status()).as(response.head()).isEqualTo(200);
            return this.json.readTree(response.body());
        }
    }

}
