package dev.fcgi.demo;

import java.util.Map;

import dev.fcgi.demo.support.FrontEnd;
import dev.fcgi.demo.support.FrontEndServer;

/**
 * Caddy's {@code reverse_proxy} with {@code transport fastcgi}
 * ({@code frontends/Caddyfile}) in front of the app.
 */
class CaddyTests extends FrontEndContractTests {

    @Override
    FrontEndServer startFrontEnd(int fcgiPort) {
        return FrontEndServer.start(FrontEnd.CADDY, "Caddyfile", Map.of("FCGI_PORT", Integer.toString(fcgiPort)));
    }

    @Override
    long maxConnectionsForSequentialRequests() {
        return SEQUENTIAL_REQUESTS;
    }

}
