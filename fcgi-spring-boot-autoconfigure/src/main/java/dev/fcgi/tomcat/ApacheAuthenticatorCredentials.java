package dev.fcgi.tomcat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import dev.fcgi.protocol.FcgiProtocolException;
import dev.fcgi.protocol.NameValueCursor;

import org.apache.coyote.Request;

/**
 * Apache's {@code mod_authnz_fcgi} as an authentication provider
 * ({@code AuthBasicProvider} with {@code FCGI_APACHE_ROLE=AUTHENTICATOR}) sends the HTTP
 * Basic credentials it parsed as {@code REMOTE_USER} and {@code REMOTE_PASSWD}, not the
 * {@code Authorization} header. This gives them back to the application as the header
 * they came from, so its own HTTP Basic check (Spring Security's) decides, as it does for
 * the header itself.
 * <p>
 * Applied to AUTHORIZER requests only, and only when the request carries no
 * {@code Authorization} header.
 */
final class ApacheAuthenticatorCredentials {

    private static final byte[] APACHE_ROLE = "FCGI_APACHE_ROLE".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] AUTHENTICATOR = "AUTHENTICATOR".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] REMOTE_USER = "REMOTE_USER".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] REMOTE_PASSWD = "REMOTE_PASSWD".getBytes(StandardCharsets.US_ASCII);

    private ApacheAuthenticatorCredentials() {
    }

    /**
     * Adds {@code Authorization: Basic ...} from {@code REMOTE_USER} and
     * {@code REMOTE_PASSWD} when the web server asks as Apache's AUTHENTICATOR.
     * @param params the request's PARAMS bytes
     * @param length how many of them
     * @param request the mapped request
     * @throws FcgiProtocolException if the name-value pairs are malformed
     */
    static void apply(byte[] params, int length, Request request) throws FcgiProtocolException {
        if (request.getMimeHeaders().getHeader("authorization") != null) {
            return;
        }
        NameValueCursor cursor = new NameValueCursor().reset(params, 0, length);
        boolean authenticator = false;
        byte[] user = null;
        byte[] password = null;
        while (cursor.next()) {
            if (cursor.nameEquals(APACHE_ROLE)) {
                authenticator = Arrays.equals(params, cursor.valueOffset(), cursor.valueOffset() + cursor.valueLength(),
                        AUTHENTICATOR, 0, AUTHENTICATOR.length);
            }
            else if (cursor.nameEquals(REMOTE_USER)) {
                user = value(cursor, params);
            }
            else if (cursor.nameEquals(REMOTE_PASSWD)) {
                password = value(cursor, params);
            }
        }
        if (!authenticator || user == null || password == null) {
            return;
        }
        byte[] credentials = new byte[user.length + 1 + password.length];
        System.arraycopy(user, 0, credentials, 0, user.length);
        credentials[user.length] = ':';
        System.arraycopy(password, 0, credentials, user.length + 1, password.length);
        request.getMimeHeaders()
            .addValue("Authorization")
            .setString("Basic " + Base64.getEncoder().encodeToString(credentials));
    }

    private static byte[] value(NameValueCursor cursor, byte[] params) {
        return Arrays.copyOfRange(params, cursor.valueOffset(), cursor.valueOffset() + cursor.valueLength());
    }

}
