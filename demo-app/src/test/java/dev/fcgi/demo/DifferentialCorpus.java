package dev.fcgi.demo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.fcgi.demo.support.HttpCase;

/**
 * The requests {@link TransportDifferentialTests} sends over every transport: odd but
 * legal requests a browser, curl, a proxy or a bot sends, the request-mapping table of
 * the README, and the statuses whose headers HTTP rules. Each case's name is what the
 * accepted differences refer to, so names are stable.
 */
final class DifferentialCorpus {

    private DifferentialCorpus() {
    }

    static List<HttpCase> cases() {
        List<HttpCase> cases = new ArrayList<>();
        // Paths and queries.
        cases.add(HttpCase.get("plain GET", "/hello"));
        cases.add(HttpCase.get("query", "/mirror/a/b?x=1&y=%20z&y=2&empty="));
        cases.add(HttpCase.get("empty query", "/mirror/q?"));
        cases.add(HttpCase.get("encoded UTF-8", "/mirror/caf%C3%A9?q=%C3%A9t%C3%A9"));
        cases.add(HttpCase.get("encoded percent", "/mirror/100%25"));
        cases.add(HttpCase.get("encoded semicolon", "/mirror/a%3Bb"));
        cases.add(HttpCase.get("path parameter", "/mirror/a;jsessionid=x/b;v=1"));
        cases.add(HttpCase.get("encoded space and plus", "/mirror/a%20b+c?p=a+b%2Bc"));
        cases.add(HttpCase.get("dot segments", "/mirror/a/./b/../c"));
        cases.add(HttpCase.get("encoded dot segments", "/mirror/a/%2e%2e/c"));
        cases.add(HttpCase.get("double slashes", "/mirror//a//b"));
        cases.add(HttpCase.get("encoded slash", "/mirror/a%2Fb"));
        cases.add(HttpCase.get("raw UTF-8 in path and query", "/mirror/été?q=é"));
        cases.add(HttpCase.get("absolute-form target", "http://example.test/mirror/absolute?x=1"));
        cases.add(HttpCase.get("long query", "/mirror/long?q=" + "x".repeat(4000)));
        cases.add(HttpCase.get("unknown path", "/no/such/page"));
        // Headers.
        cases.add(HttpCase.get("repeated Accept: negotiation", "/request", "Accept", "text/html", "Accept",
                "application/json"));
        cases.add(HttpCase.get("repeated header lines", "/mirror/h", "X-Multi", "one", "X-Multi", "two, three"));
        cases.add(HttpCase.get("cookies on two lines", "/mirror/c", "Cookie", "a=1", "Cookie", "b=2; c=3"));
        cases.add(HttpCase.get("X-Forwarded-For on two lines", "/mirror/xff", "X-Forwarded-For", "192.0.2.1",
                "X-Forwarded-For", "198.51.100.2"));
        cases.add(HttpCase.get("large header", "/mirror/big", "X-Big", "v".repeat(6000)));
        cases.add(HttpCase.get("whitespace in a value", "/mirror/ws", "X-Spaced", "a \t b"));
        cases.add(HttpCase.get("underscore in a header name", "/mirror/u", "X_Under_Score", "1"));
        cases.add(HttpCase.get("Accept-Language", "/mirror/l", "Accept-Language", "fr-CH, fr;q=0.9, en;q=0.8"));
        cases.add(HttpCase.get("Authorization", "/mirror/auth", "Authorization", "Basic ZGVtbzpkZW1v"));
        cases.add(HttpCase.get("Proxy header (httpoxy)", "/mirror/proxy", "Proxy", "http://evil.example:8080"));
        cases.add(HttpCase.get("406 Not Acceptable", "/hello", "Accept", "application/json"));
        // Methods and bodies.
        cases.add(HttpCase.of("POST JSON", "POST", "/echo", utf8("{\"a\":[1,2,3],\"é\":true}"), "Content-Type",
                "application/json"));
        cases.add(HttpCase.of("POST chunked", "POST", "/count", new byte[20_000], "Transfer-Encoding", "chunked",
                "Content-Type", "application/octet-stream"));
        cases.add(HttpCase.of("POST empty", "POST", "/mirror/empty", new byte[0], "Content-Length", "0"));
        cases.add(HttpCase.of("POST form", "POST", "/mirror/form?q=1", utf8("a=1&b=%C3%A9&a=2"), "Content-Type",
                "application/x-www-form-urlencoded"));
        cases.add(HttpCase.of("POST form without charset, Latin-1 bytes", "POST", "/mirror/latin",
                "name=J%FCrgen".getBytes(StandardCharsets.US_ASCII), "Content-Type",
                "application/x-www-form-urlencoded"));
        cases.add(HttpCase.of("PUT text", "PUT", "/mirror/put", utf8("put body"), "Content-Type",
                "text/plain;charset=UTF-8"));
        cases.add(HttpCase.of("DELETE", "DELETE", "/mirror/delete", new byte[0]));
        cases.add(HttpCase.of("PATCH", "PATCH", "/mirror/patch", utf8("patch"), "Content-Type", "text/plain"));
        cases.add(HttpCase.of("OPTIONS", "OPTIONS", "/hello", new byte[0]));
        cases.add(HttpCase.of("HEAD", "HEAD", "/hello", new byte[0]));
        cases.add(HttpCase.of("405 Method Not Allowed", "POST", "/hello", utf8("x"), "Content-Type", "text/plain"));
        cases.add(HttpCase.of("multipart upload", "POST", "/upload", multipart(), "Content-Type",
                "multipart/form-data; boundary=XyZ"));
        cases.add(HttpCase.of("Expect: 100-continue", "POST", "/echo", utf8("continued"), "Content-Type", "text/plain",
                "Expect", "100-continue"));
        // Statuses whose headers HTTP rules.
        cases.add(HttpCase.get("204 No Content", "/mirror-status/no-content"));
        cases.add(HttpCase.get("201 Created with Location", "/mirror-status/created"));
        cases.add(HttpCase.get("302 from sendRedirect", "/mirror-status/redirect"));
        cases.add(HttpCase.get("302 from sendRedirect, HTTP/1.0", "/mirror-status/redirect").http10());
        cases.add(HttpCase.get("302 with a Location header", "/redirect"));
        cases.add(HttpCase.get("ETag: 200", "/mirror-status/etag"));
        cases.add(HttpCase.get("If-None-Match: 304", "/mirror-status/etag", "If-None-Match", "\"v1\""));
        cases.add(HttpCase.get("If-Modified-Since: 304", "/mirror-status/etag", "If-Modified-Since",
                "Fri, 02 Jan 2026 03:04:05 GMT"));
        cases.add(HttpCase.get("static file", "/range.txt"));
        cases.add(HttpCase.get("static file, range", "/range.txt", "Range", "bytes=10-59"));
        cases.add(HttpCase.get("static file, two ranges", "/range.txt", "Range", "bytes=0-9,100-109"));
        cases.add(HttpCase.get("static file, unsatisfiable range", "/range.txt", "Range", "bytes=999999-"));
        cases.add(HttpCase.of("static file, HEAD", "HEAD", "/range.txt", new byte[0]));
        cases.add(HttpCase.get("500 from a failing handler", "/fail"));
        cases.add(HttpCase.get("server-rendered page", "/page"));
        cases.add(HttpCase.get("404 as HTML for a browser", "/no/such/page", "Accept", "text/html"));
        cases.add(HttpCase.get("cookies set", "/cookies"));
        cases.add(HttpCase.get("streamed lines", "/stream?chunks=3&delayMs=20"));
        cases.add(HttpCase.get("HTTP/1.0 request", "/mirror/old").http10());
        return cases;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] multipart() {
        return utf8("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nsome notes\r\n--XyZ--\r\n");
    }

}
