package dev.fcgi.demo;

import java.util.Map;

import dev.fcgi.demo.support.FrontEnd;
import dev.fcgi.demo.support.FrontEndServer;

/**
 * Apache's {@code mod_authnz_fcgi} as an {@code AuthBasicProvider}
 * ({@code frontends/apache-authn-provider.conf}): Apache sends the password it parsed
 * ({@code FCGI_APACHE_ROLE=AUTHENTICATOR}, {@code REMOTE_PASSWD}) and the app's HTTP
 * Basic check decides.
 */
class ApacheAuthenticatorTests extends AuthorizerFrontEndTests {

    @Override
    FrontEndServer startFrontEnd(Map<String, String> values) {
        return FrontEndServer.start(FrontEnd.APACHE, "apache-authn-provider.conf", values);
    }

}
