package dev.fcgi.tomcat;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import dev.fcgi.autoconfigure.LocalFcgiPort;
import dev.fcgi.testsupport.FcgiTestClient;
import dev.fcgi.testsupport.FcgiTestClient.Response;
import dev.fcgi.testsupport.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CGI params as the application sees them: the mapping in the contract, checked through the servlet API.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "fcgi.port=0", "fcgi.request.attributes-pattern=SSL_.*|GEOIP_COUNTRY" })
class CgiRequestMapperTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @LocalFcgiPort
    int port;

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
        try (FcgiTestClient client = FcgiTestClient.connect(this.port)) {
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
        try (FcgiTestClient client = FcgiTestClient.connect(this.port)) {
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
    void missingMethodIsABadRequest() throws Exception {
        Map<String, String> params = FcgiTestClient.params("GET", "/request");
        params.remove("REQUEST_METHOD");
        try (FcgiTestClient client = FcgiTestClient.connect(this.port)) {
            assertThat(client.exchange(params, new byte[0]).status()).isEqualTo(400);
        }
    }

    private JsonNode request(Map<String, String> params) throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(this.port)) {
            Response response = client.exchange(params, new byte[0]);
            assertThat(response.status()).as(response.head()).isEqualTo(200);
            return this.json.readTree(response.body());
        }
    }

}
