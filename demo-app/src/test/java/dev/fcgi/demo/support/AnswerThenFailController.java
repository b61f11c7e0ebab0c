package dev.fcgi.demo.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test-only endpoint {@code GET /test/answer-then-fail}: writes a complete answer
 * ({@code ok}, with its {@code Content-Length}), then throws, as an application does that
 * fails while cleaning up after answering.
 */
@RestController
public class AnswerThenFailController {

    /**
     * Answers {@code ok} in full, then throws.
     * @param response the response
     * @throws IOException never on purpose
     */
    @GetMapping("/test/answer-then-fail")
    public void answerThenFail(HttpServletResponse response) throws IOException {
        byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
        response.setContentType("text/plain");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        throw new IllegalStateException("failing after a complete answer (on purpose)");
    }

}
