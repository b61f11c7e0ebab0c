package dev.fcgi.demo;

import java.util.Map;

import dev.fcgi.demo.support.FrontEnd;
import dev.fcgi.demo.support.FrontEndServer;

/** h2o with its FastCGI handler ({@code frontends/h2o.conf}) in front of the app. */
class H2oTests extends FrontEndContractTests {

    @Override
    FrontEndServer startFrontEnd(int fcgiPort) {
        return FrontEndServer.start(FrontEnd.H2O, "h2o.conf", Map.of("FCGI_PORT", Integer.toString(fcgiPort)));
    }

    @Override
    long maxConnectionsForSequentialRequests() {
        // fastcgi.timeout.keepalive keeps a connection between requests.
        return 5;
    }

}
