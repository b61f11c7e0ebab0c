package dev.fcgi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packages' layering, read from the sources: the wire format
 * ({@code dev.fcgi.protocol}) depends on the JDK only; the Coyote protocol
 * ({@code dev.fcgi.tomcat}) knows nothing of Spring; the runtime actuator and sendfile
 * classes know nothing of the auto-configuration that creates them, as in Boot (its
 * {@code tomcat.metrics} beside {@code tomcat.autoconfigure.metrics}). An import or a
 * fully qualified name in code counts; comments and string literals do not.
 */
class PackageLayeringTests {

    private static final Path SOURCES = Path.of("src/main/java");

    @Test
    void theWireFormatDependsOnTheJdkOnly() throws IOException {
        assertThat(references("dev.fcgi.protocol", "org.apache", "org.springframework", "jakarta", "dev.fcgi.tomcat",
                "dev.fcgi.autoconfigure", "dev.fcgi.actuate", "dev.fcgi.sendfile"))
            .isEmpty();
    }

    @Test
    void theCoyoteProtocolKnowsNothingOfSpring() throws IOException {
        assertThat(references("dev.fcgi.tomcat", "org.springframework", "dev.fcgi.autoconfigure", "dev.fcgi.actuate"))
            .isEmpty();
    }

    @Test
    void theActuatorRuntimeKnowsNothingOfTheAutoConfiguration() throws IOException {
        assertThat(references("dev.fcgi.actuate", "dev.fcgi.autoconfigure")).isEmpty();
    }

    @Test
    void theSendfileRuntimeKnowsNothingOfTheAutoConfiguration() throws IOException {
        assertThat(references("dev.fcgi.sendfile", "dev.fcgi.autoconfigure")).isEmpty();
    }

    @Test
    void importsAndQualifiedNamesInCodeCountButCommentsAndStringsDoNot() {
        String source = """
                package dev.fcgi.protocol;

                import java.util.List;
                import org.apache.catalina.connector.Connector;
                import static org.springframework.util.Assert.notNull;

                /** Unlike {@link org.apache.coyote.Request}, a comment. */
                class Sample {
                    // org.springframework.core.Ordered in a comment
                    String text = "jakarta.servlet.Servlet in a string";
                    Object pool = new org.apache.tomcat.util.threads.ThreadPoolExecutor(1, 1, 0, null, null);
                    javax.naming.Context jndi;
                }
                """;
        assertThat(forbiddenReferences(source, List.of("org.apache", "org.springframework", "jakarta")))
            .containsExactly("org.apache.catalina.connector.Connector", "org.springframework.util.Assert.notNull",
                    "org.apache.tomcat.util.threads.ThreadPoolExecutor");
    }

    /**
     * Every reference from the sources of a package (and its sub-packages) to the
     * forbidden packages.
     * @return one {@code File.java: name} entry per reference
     */
    private static List<String> references(String packageName, String... forbidden) throws IOException {
        Path directory = SOURCES.resolve(packageName.replace('.', '/'));
        assertThat(directory).isDirectory();
        List<String> found = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter((path) -> path.toString().endsWith(".java")).sorted().toList();
        }
        assertThat(files).as("sources of %s", packageName).isNotEmpty();
        for (Path file : files) {
            String source = Files.readString(file, StandardCharsets.UTF_8);
            for (String reference : forbiddenReferences(source, List.of(forbidden))) {
                found.add(SOURCES.relativize(file) + ": " + reference);
            }
        }
        return found;
    }

    private static List<String> forbiddenReferences(String source, List<String> forbidden) {
        String code = withoutCommentsAndLiterals(source);
        List<String> found = new ArrayList<>();
        for (String prefix : forbidden) {
            Matcher matcher = Pattern.compile("(?<![\\w.])" + Pattern.quote(prefix) + "\\.[\\w.]*\\w").matcher(code);
            while (matcher.find()) {
                found.add(matcher.group());
            }
        }
        found.sort((a, b) -> Integer.compare(code.indexOf(a), code.indexOf(b)));
        return found;
    }

    /**
     * The source with comments, string and character literals (text blocks included)
     * blanked out.
     */
    private static String withoutCommentsAndLiterals(String source) {
        StringBuilder code = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = (end < 0) ? source.length() : end;
            }
            else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = (end < 0) ? source.length() : end + 2;
                code.append(' ');
            }
            else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                i = (end < 0) ? source.length() : end + 3;
                code.append("\"\"");
            }
            else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                char quote = source.charAt(i);
                int j = i + 1;
                while (j < source.length() && source.charAt(j) != quote) {
                    j += (source.charAt(j) == '\\') ? 2 : 1;
                }
                i = j + 1;
                code.append(quote).append(quote);
            }
            else {
                code.append(source.charAt(i));
                i++;
            }
        }
        return code.toString();
    }

}
