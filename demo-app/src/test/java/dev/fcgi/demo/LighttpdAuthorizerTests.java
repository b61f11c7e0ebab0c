package dev.fcgi.demo;

import java.util.Map;

import dev.fcgi.demo.support.FrontEnd;
import dev.fcgi.demo.support.FrontEndServer;

/**
 * lighttpd's {@code "mode" => "authorizer"} ({@code frontends/lighttpd-authorizer.conf})
 * asking the app about every path: the public one is approved without a user.
 */
class LighttpdAuthorizerTests extends AuthorizerFrontEndTests {

    @Override
    FrontEndServer startFrontEnd(Map<String, String> values) {
        return FrontEndServer.start(FrontEnd.LIGHTTPD, "lighttpd-authorizer.conf", values);
    }

}
