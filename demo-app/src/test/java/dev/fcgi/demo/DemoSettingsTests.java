package dev.fcgi.demo;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's application.yml shows every setting of the starter (set or commented out),
 * as the README promises: each property in the starter's configuration metadata appears
 * there under its full path.
 */
class DemoSettingsTests {

    private static final Pattern KEY = Pattern.compile("^( *)([a-z0-9-]+):");

    @Test
    void applicationYmlShowsEveryStarterProperty() throws Exception {
        Set<String> shown = keyPaths(
                Files.readString(Path.of("src/main/resources/application.yml"), StandardCharsets.UTF_8));
        Set<String> starter = new TreeSet<>();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            JsonNode metadata = JsonMapper.builder().build().readTree(in);
            for (JsonNode property : metadata.get("properties")) {
                String name = property.get("name").asString();
                if (name.startsWith("fcgi.") || name.startsWith("management.health.fcgi.")) {
                    starter.add(name);
                }
            }
        }
        assertThat(starter).contains("fcgi.port", "management.health.fcgi.enabled");
        assertThat(shown).containsAll(starter);
    }

    /**
     * The full key paths of a YAML file, commented-out lines ({@code #} followed by the
     * key) included.
     */
    private static Set<String> keyPaths(String yaml) {
        Set<String> paths = new TreeSet<>();
        Deque<String[]> stack = new ArrayDeque<>();
        for (String line : yaml.split("\n")) {
            String uncommented = line.replaceFirst("^( *)# ", "$1");
            Matcher key = KEY.matcher(uncommented);
            if (!key.find()) {
                continue;
            }
            int indent = key.group(1).length();
            while (!stack.isEmpty() && Integer.parseInt(stack.peek()[0]) >= indent) {
                stack.pop();
            }
            StringBuilder path = new StringBuilder();
            stack.descendingIterator().forEachRemaining((entry) -> path.append(entry[1]).append('.'));
            path.append(key.group(2));
            paths.add(path.toString());
            stack.push(new String[] { Integer.toString(indent), key.group(2) });
        }
        return paths;
    }

}
