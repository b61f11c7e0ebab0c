package dev.fcgi.demo.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A front-end configuration file from {@code src/test/resources/frontends/}, the same
 * file the docs show, with its {@code @TOKEN@} placeholders (such as {@code @HTTP_PORT@})
 * filled in for one test run.
 *
 * @param name the file name inside {@code frontends/}
 * @param text the file's text, placeholders unfilled
 */
public record FrontEndTemplate(String name, String text) {

    /**
     * Folder of the templates, on the test class path and under
     * {@code src/test/resources}.
     */
    public static final String FOLDER = "frontends";

    private static final Pattern TOKEN = Pattern.compile("@([A-Z][A-Z0-9_]*)@");

    /**
     * Reads a template from the test class path.
     * @param name the file name inside {@code frontends/}, such as {@code haproxy.cfg}
     * @return the template
     */
    public static FrontEndTemplate load(String name) {
        String resource = "/" + FOLDER + "/" + name;
        try (InputStream in = FrontEndTemplate.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No template " + resource + " on the test class path");
            }
            return new FrontEndTemplate(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not read " + resource, ex);
        }
    }

    /**
     * Fills in every placeholder.
     * @param values placeholder name (without the {@code @}s) to value
     * @return the configuration text
     * @throws IllegalArgumentException if a placeholder has no value
     */
    public String render(Map<String, String> values) {
        Matcher matcher = TOKEN.matcher(this.text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException(this.name + " needs a value for @" + matcher.group(1) + "@");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

}
