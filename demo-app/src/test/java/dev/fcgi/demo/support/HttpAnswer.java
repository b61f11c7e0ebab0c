package dev.fcgi.demo.support;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An answer as a client received it: status, headers in the order they came (names as
 * sent), and the body with any transfer coding removed.
 *
 * @param status the status code
 * @param headers every header line
 * @param body the body bytes
 */
public record HttpAnswer(int status, List<Header> headers, byte[] body) {

    /**
     * One header line.
     *
     * @param name the name as sent
     * @param value the value, trimmed
     */
    public record Header(String name, String value) {
    }

    /**
     * The values of a header, in order.
     * @param name the header name, any case
     * @return its values, empty when absent
     */
    public List<String> values(String name) {
        return this.headers.stream().filter((h) -> h.name().equalsIgnoreCase(name)).map(Header::value).toList();
    }

    /**
     * The body as UTF-8 text.
     * @return the text
     */
    public String bodyText() {
        return new String(this.body, StandardCharsets.UTF_8);
    }

}
