package dev.fcgi.demo.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Test-only endpoints for comparing transports: {@code /mirror/**} answers, for any
 * method, everything the servlet API says about the request (every header line in order,
 * cookies, parameters, path parts, the body), and a few endpoints answer with the
 * statuses whose headers HTTP rules: 204, 201 with a {@code Location}, 302 through
 * {@code sendRedirect}, and 304 for a conditional request.
 */
@RestController
public class MirrorController {

    private static final Instant LAST_MODIFIED = Instant.parse("2026-01-02T03:04:05Z");

    /**
     * Describes the request.
     * @param request the request
     * @return what the application sees, as JSON
     * @throws IOException if the body cannot be read
     */
    @RequestMapping("/mirror/**")
    public Map<String, Object> mirror(HttpServletRequest request) throws IOException {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("method", request.getMethod());
        answer.put("protocol", request.getProtocol());
        answer.put("requestURI", request.getRequestURI());
        answer.put("queryString", request.getQueryString());
        answer.put("servletPath", request.getServletPath());
        answer.put("scheme", request.getScheme());
        answer.put("secure", request.isSecure());
        answer.put("serverName", request.getServerName());
        answer.put("remoteAddr", request.getRemoteAddr());
        answer.put("contentType", request.getContentType());
        answer.put("contentLength", request.getContentLengthLong());
        answer.put("characterEncoding", request.getCharacterEncoding());
        answer.put("locales", Collections.list(request.getLocales()).stream().map(Object::toString).toList());
        // By name: the order of different headers means nothing, the order of one
        // header's lines does.
        Map<String, List<String>> headers = new TreeMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), (n) -> new ArrayList<>())
                .addAll(Collections.list(request.getHeaders(name)));
        }
        answer.put("headers", headers);
        List<String> cookies = new ArrayList<>();
        if (request.getCookies() != null) {
            for (Cookie cookie : request.getCookies()) {
                cookies.add(cookie.getName() + "=" + cookie.getValue());
            }
        }
        answer.put("cookies", cookies);
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> parameters.put(name, List.of(values)));
        answer.put("parameters", parameters);
        answer.put("body", new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        return answer;
    }

    /**
     * Answers 204 No Content.
     * @return the empty answer
     */
    @RequestMapping("/mirror-status/no-content")
    public ResponseEntity<Void> noContent() {
        return ResponseEntity.noContent().build();
    }

    /**
     * Answers 201 with a {@code Location} built from the request, as
     * {@code ServletUriComponentsBuilder} does.
     * @return the answer
     */
    @RequestMapping("/mirror-status/created")
    public ResponseEntity<String> created() {
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest().path("/1").build().toUri())
            .body("created");
    }

    /**
     * Redirects with {@link HttpServletResponse#sendRedirect}, which makes the location
     * absolute.
     * @param response the response
     * @throws IOException never here
     */
    @GetMapping("/mirror-status/redirect")
    public void redirect(HttpServletResponse response) throws IOException {
        response.sendRedirect("/hello?from=redirect");
    }

    /**
     * A resource with an entity tag and a modification time: 304 for a matching
     * conditional request.
     * @param request the request, checked for {@code If-None-Match} and
     * {@code If-Modified-Since}
     * @return the answer, or null when 304 was set
     */
    @GetMapping("/mirror-status/etag")
    public ResponseEntity<String> etag(WebRequest request) {
        if (request.checkNotModified("\"v1\"", LAST_MODIFIED.toEpochMilli())) {
            return null;
        }
        return ResponseEntity.ok().eTag("\"v1\"").lastModified(LAST_MODIFIED).body("version 1");
    }

}
