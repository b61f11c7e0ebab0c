package dev.fcgi.demo;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Endpoints that misbehave on purpose: {@code GET /slow} holds a worker thread for a
 * while (to fill pools, test timeouts and graceful shutdown), {@code GET /fail} throws
 * (to see Spring Boot's error answer arrive).
 */
@RestController
public class DiagnosticsController {

    /**
     * Sleeps on the request thread, then answers {@code slow}.
     * @param ms how long to sleep, in milliseconds
     * @return {@code slow}
     * @throws InterruptedException if the thread is interrupted while sleeping
     */
    @GetMapping(path = "/slow", produces = MediaType.TEXT_PLAIN_VALUE)
    public String slow(@RequestParam(defaultValue = "1000") long ms) throws InterruptedException {
        if (ms < 0) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "ms must not be negative");
        }
        Thread.sleep(ms);
        return "slow";
    }

    /**
     * Always throws, so that Spring Boot answers with its 500 error response.
     * @return never
     */
    @GetMapping("/fail")
    public String fail() {
        throw new IllegalStateException("GET /fail always fails (on purpose)");
    }

}
