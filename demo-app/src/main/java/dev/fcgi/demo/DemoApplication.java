package dev.fcgi.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small Spring MVC application whose endpoints exercise what a FastCGI front end has to
 * carry: plain answers, request details, request and response bodies of any size,
 * streaming, errors, cookies and redirects. The acceptance suite drives it through real
 * web servers.
 */
@SpringBootApplication
public class DemoApplication {

    /**
     * Starts the demo.
     * @param args command-line arguments, passed to Spring Boot
     */
    public static void main(String[] args) {
        SpringApplication.run(DemoApplication.class, args);
    }

}
