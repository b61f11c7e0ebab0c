package dev.fcgi.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * A small servlet application for connector tests: it answers with what it saw of the
 * request.
 */
@SpringBootApplication
public class TestApplication {

    /** Released by tests that hold a request in the application. */
    public static volatile CountDownLatch gate = new CountDownLatch(0);

    /** Endpoints the connector tests call. */
    @RestController
    static class Endpoints {

        @GetMapping(path = "/hello", produces = MediaType.TEXT_PLAIN_VALUE)
        String hello() {
            return "hello";
        }

        @RequestMapping({ "/request", "/request/**" })
        Map<String, Object> request(HttpServletRequest request) {
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
            for (String name : java.util.Collections.list(request.getHeaderNames())) {
                headers.put(name.toLowerCase(), String.join(",", java.util.Collections.list(request.getHeaders(name))));
            }
            seen.put("headers", headers);
            Map<String, List<String>> headerLines = new LinkedHashMap<>();
            for (String name : java.util.Collections.list(request.getHeaderNames())) {
                headerLines.put(name.toLowerCase(), java.util.Collections.list(request.getHeaders(name)));
            }
            seen.put("headerLines", headerLines);
            List<String> cookies = new ArrayList<>();
            for (Cookie cookie : (request.getCookies() != null) ? request.getCookies() : new Cookie[0]) {
                cookies.add(cookie.getName() + "=" + cookie.getValue());
            }
            seen.put("cookies", cookies);
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (String name : java.util.Collections.list(request.getAttributeNames())) {
                if (name.equals(name.toUpperCase())) {
                    attributes.put(name, request.getAttribute(name));
                }
            }
            seen.put("attributes", attributes);
            return seen;
        }

        @GetMapping(path = "/attribute", produces = MediaType.TEXT_PLAIN_VALUE)
        String attribute(HttpServletRequest request, @RequestParam("name") String name) {
            return String.valueOf(request.getAttribute(name));
        }

        @GetMapping(path = "/thread", produces = MediaType.TEXT_PLAIN_VALUE)
        String thread() throws Exception {
            Thread current = Thread.currentThread();
            // Thread.isVirtual() is JDK 21 API; this module compiles for 17.
            Object virtual = Thread.class.getMethod("isVirtual").invoke(current);
            return "virtual=" + virtual;
        }

        @PostMapping("/echo")
        void echo(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (request.getContentType() != null) {
                response.setContentType(request.getContentType());
            }
            request.getInputStream().transferTo(response.getOutputStream());
        }

        @PostMapping(path = "/count", produces = MediaType.TEXT_PLAIN_VALUE)
        String count(InputStream body) throws IOException {
            byte[] buffer = new byte[65536];
            long total = 0;
            for (int n; (n = body.read(buffer)) >= 0;) {
                total += n;
            }
            return Long.toString(total);
        }

        @GetMapping(path = "/wait", produces = MediaType.TEXT_PLAIN_VALUE)
        String waitForGate() throws InterruptedException {
            gate.await(30, TimeUnit.SECONDS);
            return "released";
        }

        /**
         * Writes {@code first}, flushes, waits {@code pauseMs} on the request thread
         * (sleeping, or spinning with {@code busy=true}), then writes {@code second}: a
         * synchronous handler that streams.
         */
        @GetMapping("/flush-then-pause")
        void flushThenPause(@RequestParam(name = "pauseMs") long pauseMs,
                @RequestParam(name = "busy", defaultValue = "false") boolean busy, HttpServletResponse response)
                throws IOException {
            response.setContentType("text/plain");
            response.getWriter().write("first\n");
            response.flushBuffer();
            long end = System.nanoTime() + pauseMs * 1_000_000;
            while (System.nanoTime() < end) {
                if (!busy) {
                    sleep(Math.max(1, (end - System.nanoTime()) / 1_000_000));
                }
            }
            response.getWriter().write("second\n");
        }

        /**
         * Writes a line and flushes as the last thing it does, as a template engine
         * closes a page.
         */
        @GetMapping("/flush-at-end")
        void flushAtEnd(HttpServletResponse response) throws IOException {
            response.setContentType("text/html");
            response.getWriter().write("<p>page</p>");
            response.getWriter().flush();
        }

        @GetMapping("/stream")
        StreamingResponseBody stream(@RequestParam(name = "chunks", defaultValue = "3") int chunks,
                @RequestParam(name = "delayMs", defaultValue = "200") long delayMs) {
            return (OutputStream out) -> {
                for (int i = 0; i < chunks; i++) {
                    out.write(("line " + i + "\n").getBytes());
                    out.flush();
                    sleep(delayMs);
                }
            };
        }

        /**
         * {@code n} bytes (byte i is {@code i % 251}) written in writes of {@code write}
         * bytes, through a servlet response buffer of {@code buffer} bytes (Catalina
         * hands writes to the connector in pieces of that size).
         */
        @GetMapping("/bytes")
        void bytes(@RequestParam("n") int n, @RequestParam(name = "write", defaultValue = "8192") int write,
                @RequestParam(name = "buffer", defaultValue = "8192") int buffer, HttpServletResponse response)
                throws IOException {
            response.setBufferSize(buffer);
            response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
            byte[] body = new byte[n];
            for (int i = 0; i < n; i++) {
                body[i] = (byte) (i % 251);
            }
            OutputStream out = response.getOutputStream();
            for (int offset = 0; offset < n; offset += write) {
                out.write(body, offset, Math.min(write, n - offset));
            }
        }

        @GetMapping("/fail")
        String fail() {
            throw new IllegalStateException("failing on purpose");
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }

    }

}
