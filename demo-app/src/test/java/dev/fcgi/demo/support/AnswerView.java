package dev.fcgi.demo.support;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An answer reduced to what it means to the client, as named aspects: {@code status},
 * {@code header:<name>} (values in order) and {@code body}, or {@code body.<field>} for a
 * JSON object. Left out: what each hop sets for itself or for framing ({@code Date},
 * {@code Server}, {@code Connection}, {@code Keep-Alive}, {@code Transfer-Encoding}, and
 * {@code Content-Length} where a body follows), and when an error answer was made (a JSON
 * error body's {@code timestamp}, the whitelabel page's date). A {@code Location} is
 * resolved against the URL the client asked for, so a relative and an absolute one to the
 * same place are equal.
 */
public final class AnswerView {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * When Boot's whitelabel error page was made: it differs from one answer to the next.
     */
    private static final Pattern WHITELABEL_TIMESTAMP = Pattern.compile("(<div id='created'>)[^<]*(</div>)");

    private static final Pattern BOUNDARY = Pattern.compile("boundary=([^;, ]+)");

    private static final Set<String> PER_HOP = Set.of("date", "server", "connection", "keep-alive",
            "transfer-encoding");

    private AnswerView() {
    }

    /**
     * Reduces an answer.
     * @param request the request it answers
     * @param answer the answer
     * @return aspect name to value, sorted by name
     */
    public static Map<String, String> of(HttpCase request, HttpAnswer answer) {
        answer = withoutRandomBoundary(answer);
        Map<String, String> view = new TreeMap<>();
        view.put("status", Integer.toString(answer.status()));
        boolean bodyless = answer.status() == 204 || answer.status() == 304 || answer.status() < 200;
        Map<String, List<String>> headers = new TreeMap<>();
        for (HttpAnswer.Header header : answer.headers()) {
            String name = header.name().toLowerCase(Locale.ROOT);
            if (PER_HOP.contains(name) || (name.equals("content-length") && !bodyless)) {
                continue;
            }
            String value = name.equals("location") ? resolve(request, header.value()) : header.value();
            headers.computeIfAbsent(name, (n) -> new ArrayList<>()).add(value);
        }
        headers.forEach((name, values) -> view.put("header:" + name, String.join(" | ", values)));
        putBody(view, answer);
        return view;
    }

    /**
     * A multipart/byteranges boundary is random per answer: it is replaced by a fixed
     * word.
     */
    private static HttpAnswer withoutRandomBoundary(HttpAnswer answer) {
        String type = String.join(",", answer.values("Content-Type"));
        Matcher boundary = BOUNDARY.matcher(type);
        if (!type.startsWith("multipart/byteranges") || !boundary.find()) {
            return answer;
        }
        String random = boundary.group(1);
        List<HttpAnswer.Header> headers = answer.headers()
            .stream()
            .map((h) -> new HttpAnswer.Header(h.name(), h.value().replace(random, "BOUNDARY")))
            .toList();
        String body = new String(answer.body(), StandardCharsets.ISO_8859_1).replace(random, "BOUNDARY");
        return new HttpAnswer(answer.status(), headers, body.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * JSON text with every object's fields sorted by name: the order of an object's
     * fields means nothing (it follows a map's iteration order, which differs between
     * transports and JDKs), the order of an array's items does.
     */
    private static String canonical(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Map<String, String> fields = new TreeMap<>();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                fields.put(field.getKey(), canonical(field.getValue()));
            }
            StringBuilder text = new StringBuilder("{");
            fields.forEach((name, value) -> text.append(text.length() > 1 ? "," : "")
                .append('"')
                .append(name)
                .append("\":")
                .append(value));
            return text.append('}').toString();
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach((item) -> items.add(canonical(item)));
            return "[" + String.join(",", items) + "]";
        }
        return node.toString();
    }

    private static String resolve(HttpCase request, String location) {
        try {
            URI resolved = request.requestUri().resolve(location);
            return resolved.toString();
        }
        catch (IllegalArgumentException ex) {
            return location;
        }
    }

    private static void putBody(Map<String, String> view, HttpAnswer answer) {
        String type = String.join(",", answer.values("Content-Type"));
        if (type.contains("json") && answer.body().length > 0) {
            try {
                JsonNode node = JSON.readTree(answer.body());
                if (node instanceof ObjectNode object) {
                    object.remove("timestamp");
                    for (Map.Entry<String, JsonNode> field : object.properties()) {
                        view.put("body." + field.getKey(), canonical(field.getValue()));
                    }
                    return;
                }
            }
            catch (RuntimeException ex) {
                // Not JSON after all: compared as bytes below.
            }
        }
        String text = new String(answer.body(), StandardCharsets.UTF_8);
        view.put("body", WHITELABEL_TIMESTAMP.matcher(text).replaceAll("$1(time)$2"));
    }

}
