package dev.fcgi.tomcat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

import dev.fcgi.protocol.FcgiConstants;
import dev.fcgi.protocol.RecordType;
import dev.fcgi.testsupport.FcgiTestClient;

/**
 * AUTHORIZER requests as lighttpd and Apache mod_authnz_fcgi send them: BEGIN_REQUEST and
 * PARAMS, no STDIN.
 */
final class AuthorizerRequests {

    private AuthorizerRequests() {
    }

    /**
     * The params of an AUTHORIZER request, from the params a responder would get.
     * @param method request method
     * @param uri request URI
     * @return mutable params, without CONTENT_LENGTH and CONTENT_TYPE
     */
    static Map<String, String> params(String method, String uri) {
        Map<String, String> params = FcgiTestClient.params(method, uri);
        params.remove("CONTENT_LENGTH");
        params.remove("CONTENT_TYPE");
        params.put("FCGI_ROLE", "AUTHORIZER");
        return params;
    }

    /**
     * Sends one AUTHORIZER request on a kept connection.
     * @param client the connection
     * @param params its params
     * @throws IOException on a write failure
     */
    static void send(FcgiTestClient client, Map<String, String> params) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(FcgiTestClient.beginRequest(1, FcgiConstants.ROLE_AUTHORIZER, true));
        bytes.write(FcgiTestClient.stream(RecordType.PARAMS, 1, FcgiTestClient.encodeParams(params)));
        bytes.write(FcgiTestClient.record(RecordType.PARAMS, 1, new byte[0]));
        client.send(bytes.toByteArray());
    }

}
