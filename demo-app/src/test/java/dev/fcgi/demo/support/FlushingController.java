package dev.fcgi.demo.support;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/**
 * Test-only endpoints that stream the two ways the demo does not: a plain synchronous
 * handler that flushes between writes ({@code GET /test/flush-between-writes}), as PHP's
 * {@code echo; flush(); sleep()} does, and a {@link ResponseBodyEmitter}
 * ({@code GET /test/emitter}). Both send {@code line 0}, {@code line 1}, ... one line
 * every {@code delayMs}.
 */
@RestController
public class FlushingController {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor((task) -> {
        Thread thread = new Thread(task, "test-emitter");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Writes and flushes the lines on the request's own thread, sleeping between them.
     * @param lines how many lines
     * @param delayMs the pause after each line
     * @param response the response
     * @throws IOException if the client went away
     * @throws InterruptedException if interrupted while sleeping
     */
    @GetMapping("/test/flush-between-writes")
    public void flushBetweenWrites(@RequestParam int lines, @RequestParam long delayMs, HttpServletResponse response)
            throws IOException, InterruptedException {
        response.setContentType("text/plain;charset=UTF-8");
        PrintWriter writer = response.getWriter();
        for (int i = 0; i < lines; i++) {
            writer.write("line " + i + "\n");
            response.flushBuffer();
            if (i < lines - 1) {
                Thread.sleep(delayMs);
            }
        }
    }

    /**
     * Sends the lines from a timer thread through a {@link ResponseBodyEmitter}.
     * @param lines how many lines
     * @param delayMs the pause between lines
     * @return the emitter
     */
    @GetMapping("/test/emitter")
    public ResponseEntity<ResponseBodyEmitter> emitter(@RequestParam int lines, @RequestParam long delayMs) {
        ResponseBodyEmitter emitter = new ResponseBodyEmitter(60_000L);
        for (int i = 0; i < lines; i++) {
            String line = "line " + i + "\n";
            boolean last = i == lines - 1;
            TIMER.schedule(() -> {
                try {
                    emitter.send(line.getBytes(StandardCharsets.UTF_8), MediaType.TEXT_PLAIN);
                    if (last) {
                        emitter.complete();
                    }
                }
                catch (IOException ex) {
                    emitter.completeWithError(ex);
                }
            }, i * delayMs, TimeUnit.MILLISECONDS);
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(emitter);
    }

}
