package dev.fcgi.autoconfigure;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata an IDE reads: every property described, the health switch
 * listed, the values users reach for offered as hints.
 */
class ConfigurationMetadataTests {

    @Test
    void metadataDescribesEveryPropertyAndHintsTheUsualValues() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = JsonMapper.builder().build().readTree(in);
        }
        List<String> names = new ArrayList<>();
        for (JsonNode property : metadata.get("properties")) {
            names.add(property.get("name").asString());
            assertThat(property.has("description")).as("description of %s", property.get("name")).isTrue();
        }
        assertThat(names).contains("management.health.fcgi.enabled", "fcgi.allowed-clients",
                "fcgi.unix-socket.permissions", "fcgi.request.max-body-size");
        List<String> hinted = new ArrayList<>();
        for (JsonNode hint : metadata.get("hints")) {
            for (JsonNode value : hint.get("values")) {
                hinted.add(hint.get("name").asString() + "=" + value.get("value").asString());
            }
        }
        assertThat(hinted).contains("fcgi.allowed-clients=*", "fcgi.unix-socket.permissions=rw-rw----",
                "fcgi.request.max-body-size=-1");
    }

}
