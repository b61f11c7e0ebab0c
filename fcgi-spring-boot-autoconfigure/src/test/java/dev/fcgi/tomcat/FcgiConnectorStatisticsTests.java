package dev.fcgi.tomcat;

import java.util.List;

import dev.fcgi.protocol.FcgiConstants;
import dev.fcgi.testsupport.FcgiTestClient;
import dev.fcgi.testsupport.FcgiTestClient.Record;
import dev.fcgi.testsupport.FcgiTestClient.Response;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.fcgi.testsupport.TestApplicationSupport.fcgiPort;
import static dev.fcgi.testsupport.TestApplicationSupport.protocol;
import static dev.fcgi.testsupport.TestApplicationSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connector's counters as a client reading them right after its response sees them:
 * the status page and the metrics must already count a request whose END_REQUEST the web
 * server holds.
 */
class FcgiConnectorStatisticsTests {

    @Test
    void aRequestIsCountedWithItsBytesByTheTimeItsClientHasTheWholeResponse() throws Exception {
        try (ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.port=0", "--fcgi.mode=instead")) {
            int port = fcgiPort(context);
            FcgiConnectorStatistics statistics = protocol(context).getStatistics();
            long bytesOut = statistics.bytesOut();
            try (FcgiTestClient client = FcgiTestClient.connect(port)) {
                for (int i = 1; i <= 300; i++) {
                    String uri = (i % 2 == 0) ? "/hello" : "/bytes?n=" + (i * 97);
                    Response response = client.exchange(FcgiTestClient.params("GET", uri), new byte[0]);
                    assertThat(response.status()).isEqualTo(200);
                    // Read at once, from the test's thread, while the worker may still be
                    // unwinding.
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
            total += FcgiConstants.HEADER_LENGTH + record.content().length + record.padding();
        }
        return total;
    }

}
