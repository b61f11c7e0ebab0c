package dev.fcgi.demo;

import java.util.Map;

import dev.fcgi.demo.support.FrontEnd;
import dev.fcgi.demo.support.FrontEndServer;

/**
 * lighttpd with mod_fastcgi on the app's TCP port ({@code frontends/lighttpd.conf}) in
 * front of the app.
 */
class LighttpdTests extends FrontEndContractTests {

    @Override
    FrontEndServer startFrontEnd(int fcgiPort) {
        return FrontEndServer.start(FrontEnd.LIGHTTPD, "lighttpd.conf",
                Map.of("FCGI_PORT", Integer.toString(fcgiPort)));
    }

    @Override
    long maxConnectionsForSequentialRequests() {
        return SEQUENTIAL_REQUESTS;
    }

}
