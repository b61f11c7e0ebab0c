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
 * An answer reduced to what it means to the client, as named aspects: {@code status}, {@code header:<name>} (values
 * in order) and {@code body}, or {@code body.<field>} for a JSON object. Left out: what each hop sets for itself or
 * for framing ({@code Date}, {@code Server}, {@code Connection}, {@code Keep-Alive}, {@code Transfer-Encoding}, and
 * {@code Content-Length} where a body follows), and a JSON error body's {@code timestamp}. A {@code Location} is
 * resolved against the URL the client asked for, so a relative and an absolute one to the same place are equal.
 */
public final class AnswerView {

	private static final JsonMapper JSON = JsonMapper.builder().build();

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

	/** A multipart/byteranges boundary is random per answer: it is replaced by a fixed word. */
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
						view.put("body." + field.getKey(), field.getValue().toString());
					}
					return;
				}
			}
			catch (RuntimeException ex) {
				// Not JSON after all: compared as bytes below.
			}
		}
		view.put("body", new String(answer.body(), StandardCharsets.UTF_8));
	}

}
