package dev.fcgi.demo;

import java.util.Map;

import dev.fcgi.demo.support.FrontEnd;
import dev.fcgi.demo.support.FrontEndServer;
import dev.fcgi.demo.support.HaproxyAdminSocket;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HAProxy with a {@code fcg-app} and {@code proto fcgi} ({@code frontends/haproxy.cfg})
 * in front of the app.
 */
class HaproxyTests extends FrontEndContractTests {

    @Override
    FrontEndServer startFrontEnd(int fcgiPort) {
        return FrontEndServer.start(FrontEnd.HAPROXY, "haproxy.cfg", Map.of("FCGI_PORT", Integer.toString(fcgiPort)));
    }

    @Override
    long maxConnectionsForSequentialRequests() {
        return 10;
    }

    @Test
    void healthCheckOverFastCgiMarksTheServerUp() throws Exception {
        HaproxyAdminSocket admin = new HaproxyAdminSocket(this.server.directory().resolve("haproxy.sock"));
        long deadline = System.nanoTime() + 10_000_000_000L;
        Map<String, String> status = admin.serverStatus("app");
        while (!"UP".equals(status.get("app1")) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            status = admin.serverStatus("app");
        }
        assertThat(status).as(admin.send("show stat") + this.server.logs()).containsEntry("app1", "UP");
        // L7OK: the check was a FastCGI request for GET /actuator/health that answered
        // 200.
        assertThat(admin.send("show servers state app")).contains(" 127.0.0.1 2 ");
        assertThat(admin.send("show stat")).contains("L7OK");
    }

}
