package dev.fcgi.demo.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one {@link CgiFcgi} run produced: the exit code (the application's status from
 * END_REQUEST, or {@code cgi-fcgi}'s own error code), standard output (the application's
 * CGI response: header lines, a blank line, the body) and standard error (the
 * application's STDERR records and {@code cgi-fcgi}'s complaints).
 *
 * @param exitCode the process's exit code
 * @param stdout everything printed on standard output
 * @param stderr everything printed on standard error
 */
public record CgiFcgiResult(int exitCode, byte[] stdout, String stderr) {

    /**
     * Standard output as text (ISO-8859-1, so that every byte maps to one character).
     * @return the text
     */
    public String stdoutText() {
        return new String(this.stdout, StandardCharsets.ISO_8859_1);
    }

    /**
     * The HTTP status from the CGI {@code Status} header: 200 when absent, 302 when only
     * {@code Location} is given (CGI/1.1's rule).
     * @return the status code
     */
    public int status() {
        String status = header("Status");
        if (status != null) {
            String code = status.strip().split(" ", 2)[0];
            return Integer.parseInt(code);
        }
        return (header("Location") != null) ? 302 : 200;
    }

    /**
     * The CGI response headers, names lower-cased, values in order.
     * @return the headers; empty if the output had no header section
     */
    public Map<String, List<String>> headers() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int end = headerEnd();
        if (end < 0) {
            return headers;
        }
        String section = new String(this.stdout, 0, end, StandardCharsets.ISO_8859_1);
        for (String line : section.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers
                    .computeIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                            (name) -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
            }
        }
        headers.replaceAll((name, values) -> Collections.unmodifiableList(values));
        return headers;
    }

    /**
     * The first value of a response header.
     * @param name the header name, any case
     * @return the value, or {@code null} if absent
     */
    public String header(String name) {
        List<String> values = headers().get(name.toLowerCase(Locale.ROOT));
        return (values != null) ? values.get(0) : null;
    }

    /**
     * The response body: standard output after the blank line that ends the headers.
     * @return the body bytes; all of standard output if it had no header section
     */
    public byte[] body() {
        int end = headerEnd();
        if (end < 0) {
            return this.stdout.clone();
        }
        int start = end + ((this.stdout[end] == '\r') ? 4 : 2);
        return Arrays.copyOfRange(this.stdout, start, this.stdout.length);
    }

    /**
     * The response body decoded as UTF-8.
     * @return the body text
     */
    public String bodyText() {
        return new String(body(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "exit " + this.exitCode + ", " + this.stdout.length + " bytes on stdout:\n" + stdoutText()
                + (this.stderr.isEmpty() ? "" : "\nstderr:\n" + this.stderr);
    }

    /**
     * Index of the blank line ending the header section ({@code \r\n\r\n} or
     * {@code \n\n}), or -1.
     */
    private int headerEnd() {
        for (int i = 0; i + 1 < this.stdout.length; i++) {
            if (this.stdout[i] == '\n' && this.stdout[i + 1] == '\n') {
                return i;
            }
            if (i + 3 < this.stdout.length && this.stdout[i] == '\r' && this.stdout[i + 1] == '\n'
                    && this.stdout[i + 2] == '\r' && this.stdout[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CgiFcgiResult that && this.exitCode == that.exitCode
                && Arrays.equals(this.stdout, that.stdout) && this.stderr.equals(that.stderr);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * this.exitCode + Arrays.hashCode(this.stdout)) + this.stderr.hashCode();
    }

}
