package dev.fcgi.demo;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The smallest possible answer: {@code GET /hello} returns {@code hello} as
 * {@code text/plain}.
 */
@RestController
public class HelloController {

    /**
     * Answers a fixed greeting.
     * @return {@code hello}
     */
    @GetMapping(path = "/hello", produces = MediaType.TEXT_PLAIN_VALUE)
    public String hello() {
        return "hello";
    }

}
