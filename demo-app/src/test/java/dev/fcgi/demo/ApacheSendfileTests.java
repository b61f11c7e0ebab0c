package dev.fcgi.demo;

import java.util.Map;

import dev.fcgi.demo.support.FrontEnd;
import dev.fcgi.demo.support.FrontEndServer;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Apache with mod_proxy_fcgi and mod_xsendfile ({@code frontends/apache-xsendfile.conf})
 * sends the files the app names in {@code X-Sendfile}; Apache cannot announce it, so
 * {@code fcgi.sendfile.type} names the header.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "fcgi.port=0", "fcgi.sendfile.enabled=true", "fcgi.sendfile.type=x-sendfile" })
class ApacheSendfileTests extends SendfileFrontEndTests {

    @DynamicPropertySource
    static void mappings(DynamicPropertyRegistry registry) {
        registry.add("fcgi.sendfile.mappings", FILES::toString);
    }

    @Override
    FrontEndServer startFrontEnd(int fcgiPort) {
        return FrontEndServer.start(FrontEnd.APACHE, "apache-xsendfile.conf",
                Map.of("FCGI_PORT", Integer.toString(fcgiPort), "FILES", FILES.toString()));
    }

    @Override
    String sendfileHeader() {
        return "X-Sendfile";
    }

}
