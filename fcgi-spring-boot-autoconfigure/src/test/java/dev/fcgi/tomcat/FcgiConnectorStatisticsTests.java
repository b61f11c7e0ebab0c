package dev.fcgi.tomcat;

import java.util.List;

import dev.fcgi.autoconfigure.FcgiConnectorHolder;
import dev.fcgi.testsupport.FcgiTestClient;
import dev.fcgi.testsupport.FcgiTestClient.Record;
import dev.fcgi.testsupport.FcgiTestClient.Response;
import dev.fcgi.testsupport.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connector's counters as a client reading them right after its response sees them: the status page and the
 * metrics must already count a request whose END_REQUEST the web server holds.
 */
class FcgiConnectorStatisticsTests {

    @Test
    void aRequestIsCountedWithItsBytesByTheTimeItsClientHasTheWholeResponse() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplication(TestApplication.class)
            .run("--server.port=0", "--fcgi.port=0", "--fcgi.mode=instead")) {
            int port = context.getEnvironment().getRequiredProperty("local.fcgi.port", Integer.class);
            FcgiConnectorStatistics statistics = context.getBean(FcgiConnectorHolder.class)
                .getProtocol()
                .orElseThrow()
                .getStatistics();
            long bytesOut = statistics.bytesOut();
            try (FcgiTestClient client = FcgiTestClient.connect(port)) {
                for (int i = 1; i <= 300; i++) {
                    String uri = (i % 2 == 0) ? "/hello" : "/bytes?n=" + (i * 97);
                    Response response = client.exchange(FcgiTestClient.params("GET", uri), new byte[0]);
                    assertThat(response.status()).isEqualTo(200);
                    // Read at once, from the test's thread, while the worker may still be unwinding.
                    assertThat(statistics.requests()).as("requests after response %d", i).isEqualTo(i);
                    bytesOut += wireBytes(response.records());
                    assertThat(statistics.bytesOut()).as("bytes out after response %d", i).isEqualTo(bytesOut);
                }
            }
        }
    }

    private static long wireBytes(List<Record> records) {
        long total = 0;
        for (Record record : records) {
            total += 8 + record.content().length + record.padding();
        }
        return total;
    }

}
