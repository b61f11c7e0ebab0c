package dev.fcgi.demo;

import java.security.Principal;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers under {@code /private/}, which {@link SecurityConfiguration} guards with HTTP
 * Basic.
 */
@RestController
public class PrivateController {

    /**
     * Greets the authenticated user.
     * @param user who Spring Security let in
     * @return {@code hello, demo}
     */
    @GetMapping(path = "/private/hello", produces = MediaType.TEXT_PLAIN_VALUE)
    public String hello(Principal user) {
        return "hello, " + user.getName();
    }

}
