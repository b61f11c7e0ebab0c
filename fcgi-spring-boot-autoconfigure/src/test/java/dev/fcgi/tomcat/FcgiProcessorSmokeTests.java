package dev.fcgi.tomcat;

import dev.fcgi.autoconfigure.LocalFcgiPort;
import dev.fcgi.testsupport.FcgiTestClient;
import dev.fcgi.testsupport.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "fcgi.port=0")
class FcgiProcessorSmokeTests {

    @LocalFcgiPort
    int port;

    @Test
    void helloOverRawRecords() throws Exception {
        try (FcgiTestClient client = FcgiTestClient.connect(this.port)) {
            FcgiTestClient.Response response = client.exchange(FcgiTestClient.params("GET", "/hello"), new byte[0]);
            System.out.println(response.head());
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("hello");
            FcgiTestClient.Response second = client.exchange(FcgiTestClient.params("GET", "/hello"), new byte[0]);
            assertThat(second.bodyText()).isEqualTo("hello");
        }
    }

}
