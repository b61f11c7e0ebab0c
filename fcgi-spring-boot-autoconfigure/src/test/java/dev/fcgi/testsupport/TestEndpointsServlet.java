package dev.fcgi.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The endpoints of {@link TestApplication} that the connector tests call, as one plain
 * servlet for a Tomcat without Spring ({@link BareFcgiTomcat}). Each answers what its
 * Spring MVC counterpart answers:
 * <ul>
 * <li>{@code /request} and {@code /request/**}, any method: what the request looked like
 * through the servlet API, as JSON (method, URI, servlet path, query, client, scheme,
 * server, remote user, headers joined and line by line, cookies, and the attributes spelt
 * in capitals);</li>
 * <li>{@code GET /attribute?name=}: the request attribute of that name, {@code null} if
 * there is none;</li>
 * <li>{@code GET /hello}: {@code hello};</li>
 * <li>{@code POST /echo}: the body, with the request's content type;</li>
 * <li>{@code POST /count}: how many body bytes it read;</li>
 * <li>{@code GET /wait}: {@code released} once {@link #gate} opens (30 s at most);</li>
 * <li>{@code GET /bytes?n=&write=&buffer=}: {@code n} bytes (byte i is {@code i % 251})
 * written in writes of {@code write} bytes through a response buffer of {@code buffer}
 * bytes;</li>
 * <li>{@code GET /stream?chunks=&delayMs=}: {@code chunks} lines, each flushed and
 * followed by a pause, written asynchronously on a thread of its own after the request
 * thread has returned, as a {@code StreamingResponseBody} is;</li>
 * <li>{@code GET /flush-then-pause?pauseMs=&busy=}: {@code first}, a flush, a pause of
 * {@code pauseMs} on the request thread (sleeping, or spinning with {@code busy=true}),
 * then {@code second}: a synchronous handler that streams;</li>
 * <li>{@code GET /flush-at-end}: a line of HTML flushed as the last thing it does, as a
 * template engine closes a page.</li>
 * </ul>
 * Requests are told apart by their servlet path (the servlet is mapped to {@code /}, so
 * it is the whole decoded path). Another path is a 404, another method on a known path a
 * 405, a missing parameter or malformed number a 400.
 */
public class TestEndpointsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Released by tests that hold a request in the application. */
    public static volatile CountDownLatch gate = new CountDownLatch(0);

    private static final JsonMapper json = JsonMapper.builder().build();

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath();
        String method = request.getMethod();
        if (path.equals("/request") || path.startsWith("/request/")) {
            response.setContentType("application/json");
            response.getOutputStream().write(json.writeValueAsBytes(whatWasSeen(request)));
            return;
        }
        try {
            switch (path) {
                case "/attribute" -> {
                    if (allowed("GET", method, response)) {
                        String name = request.getParameter("name");
                        if (name == null) {
                            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
                            return;
                        }
                        text(response, String.valueOf(request.getAttribute(name)));
                    }
                }
                case "/hello" -> {
                    if (allowed("GET", method, response)) {
                        text(response, "hello");
                    }
                }
                case "/echo" -> {
                    if (allowed("POST", method, response)) {
                        echo(request, response);
                    }
                }
                case "/count" -> {
                    if (allowed("POST", method, response)) {
                        text(response, Long.toString(count(request.getInputStream())));
                    }
                }
                case "/wait" -> {
                    if (allowed("GET", method, response)) {
                        gate.await(30, TimeUnit.SECONDS);
                        text(response, "released");
                    }
                }
                case "/bytes" -> {
                    if (allowed("GET", method, response)) {
                        bytes(number(request, "n", null), number(request, "write", 8192),
                                number(request, "buffer", 8192), response);
                    }
                }
                case "/stream" -> {
                    if (allowed("GET", method, response)) {
                        stream(request, number(request, "chunks", 3), number(request, "delayMs", 200));
                    }
                }
                case "/flush-then-pause" -> {
                    if (allowed("GET", method, response)) {
                        flushThenPause(number(request, "pauseMs", null),
                                Boolean.parseBoolean(request.getParameter("busy")), response);
                    }
                }
                case "/flush-at-end" -> {
                    if (allowed("GET", method, response)) {
                        response.setContentType("text/html");
                        response.getWriter().write("<p>page</p>");
                        response.getWriter().flush();
                    }
                }
                default -> response.sendError(HttpServletResponse.SC_NOT_FOUND);
            }
        }
        catch (NumberFormatException ex) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException(ex);
        }
    }

    private static Map<String, Object> whatWasSeen(HttpServletRequest request) {
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("method", request.getMethod());
        seen.put("uri", request.getRequestURI());
        seen.put("servletPath", request.getServletPath());
        seen.put("query", request.getQueryString());
        seen.put("remoteAddr", request.getRemoteAddr());
        seen.put("remotePort", request.getRemotePort());
        seen.put("scheme", request.getScheme());
        seen.put("secure", request.isSecure());
        seen.put("serverName", request.getServerName());
        seen.put("serverPort", request.getServerPort());
        seen.put("remoteUser", request.getRemoteUser());
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, List<String>> headerLines = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            List<String> lines = Collections.list(request.getHeaders(name));
            headers.put(name.toLowerCase(), String.join(",", lines));
            headerLines.put(name.toLowerCase(), lines);
        }
        seen.put("headers", headers);
        seen.put("headerLines", headerLines);
        List<String> cookies = new ArrayList<>();
        for (Cookie cookie : (request.getCookies() != null) ? request.getCookies() : new Cookie[0]) {
            cookies.add(cookie.getName() + "=" + cookie.getValue());
        }
        seen.put("cookies", cookies);
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (String name : Collections.list(request.getAttributeNames())) {
            if (name.equals(name.toUpperCase())) {
                attributes.put(name, request.getAttribute(name));
            }
        }
        seen.put("attributes", attributes);
        return seen;
    }

    private static boolean allowed(String expected, String method, HttpServletResponse response) throws IOException {
        if (expected.equals(method)) {
            return true;
        }
        response.setHeader("Allow", expected);
        response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
        return false;
    }

    private static int number(HttpServletRequest request, String name, Integer fallback) {
        String value = request.getParameter(name);
        if (value == null) {
            if (fallback == null) {
                throw new NumberFormatException("missing " + name);
            }
            return fallback;
        }
        return Integer.parseInt(value);
    }

    private static void text(HttpServletResponse response, String text) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void echo(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getContentType() != null) {
            response.setContentType(request.getContentType());
        }
        request.getInputStream().transferTo(response.getOutputStream());
    }

    private static long count(InputStream body) throws IOException {
        byte[] buffer = new byte[65536];
        long total = 0;
        for (int n; (n = body.read(buffer)) >= 0;) {
            total += n;
        }
        return total;
    }

    private static void bytes(int n, int write, int buffer, HttpServletResponse response) throws IOException {
        response.setBufferSize(buffer);
        response.setContentType("application/octet-stream");
        byte[] body = new byte[n];
        for (int i = 0; i < n; i++) {
            body[i] = (byte) (i % 251);
        }
        OutputStream out = response.getOutputStream();
        for (int offset = 0; offset < n; offset += write) {
            out.write(body, offset, Math.min(write, n - offset));
        }
    }

    private static void flushThenPause(long pauseMillis, boolean busy, HttpServletResponse response)
            throws IOException, InterruptedException {
        response.setContentType("text/plain");
        response.getWriter().write("first\n");
        response.flushBuffer();
        long end = System.nanoTime() + pauseMillis * 1_000_000;
        while (System.nanoTime() < end) {
            if (!busy) {
                Thread.sleep(Math.max(1, (end - System.nanoTime()) / 1_000_000));
            }
        }
        response.getWriter().write("second\n");
    }

    private static void stream(HttpServletRequest request, int chunks, long delayMillis) {
        AsyncContext async = request.startAsync();
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = async.getResponse().getOutputStream();
                for (int i = 0; i < chunks; i++) {
                    out.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(delayMillis);
                }
            }
            catch (IOException ex) {
                // The web server went away: nobody is left to answer.
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            finally {
                async.complete();
            }
        }, "test-stream-writer");
        writer.setDaemon(true);
        writer.start();
    }

}
