package dev.fcgi.demo;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers whose point is in their headers: two {@code Set-Cookie} headers
 * ({@code GET /cookies}), which a front end must not merge, and a {@code 302} redirect to
 * {@code /hello} ({@code GET /redirect}), whose status and {@code Location} a front end
 * must pass through.
 */
@RestController
public class ResponseHeaderController {

    /**
     * Sets the cookies {@code first=1} and {@code second=2} in two {@code Set-Cookie}
     * headers.
     * @return {@code cookies set}, with the two headers
     */
    @GetMapping("/cookies")
    public ResponseEntity<String> cookies() {
        ResponseCookie first = ResponseCookie.from("first", "1").path("/").build();
        ResponseCookie second = ResponseCookie.from("second", "2").path("/").httpOnly(true).build();
        return ResponseEntity.ok()
            .header(HttpHeaders.SET_COOKIE, first.toString())
            .header(HttpHeaders.SET_COOKIE, second.toString())
            .contentType(MediaType.TEXT_PLAIN)
            .body("cookies set");
    }

    /**
     * Redirects to {@code /hello} with status {@code 302 Found}.
     * @return the redirect, with {@code Location: /hello}
     */
    @GetMapping("/redirect")
    public ResponseEntity<Void> redirect() {
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create("/hello")).build();
    }

}
