package dev.fcgi.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Responses that are produced over time or are large: server-sent events
 * ({@code GET /sse}), flushed lines ({@code GET /stream}) and a byte stream of any length
 * ({@code GET /bytes}). They show whether a front end passes data on as it is flushed and
 * whether large answers travel without piling up in memory.
 */
@RestController
public class StreamingController {

    private static final int TICK_COUNT = 3;

    private static final Duration TICK_INTERVAL = Duration.ofSeconds(1);

    private static final long SSE_TIMEOUT_MILLIS = 30_000;

    private static final int BYTES_CHUNK_SIZE = 8192;

    private final TaskScheduler tickScheduler;

    /**
     * Creates the controller.
     * @param tickScheduler paces the server-sent events
     */
    public StreamingController(TaskScheduler tickScheduler) {
        this.tickScheduler = tickScheduler;
    }

    /**
     * Sends the events {@code tick 0}, {@code tick 1} and {@code tick 2}, one second
     * apart, then ends the stream. The request thread is released at once; a scheduler
     * sends the events.
     * @return the event stream
     */
    @GetMapping(path = "/sse", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter sse() {
        SseEmitter emitter = new SseEmitter(SSE_TIMEOUT_MILLIS);
        List<ScheduledFuture<?>> pending = new CopyOnWriteArrayList<>();
        Runnable cancelPending = () -> pending.forEach((tick) -> tick.cancel(false));
        emitter.onCompletion(cancelPending);
        emitter.onTimeout(cancelPending);
        emitter.onError((ex) -> cancelPending.run());
        Instant start = Instant.now();
        for (int i = 0; i < TICK_COUNT; i++) {
            int tick = i;
            pending.add(this.tickScheduler.schedule(() -> sendTick(emitter, tick),
                    start.plus(TICK_INTERVAL.multipliedBy(tick))));
        }
        return emitter;
    }

    private static void sendTick(SseEmitter emitter, int tick) {
        try {
            emitter.send(SseEmitter.event().data("tick " + tick));
            if (tick == TICK_COUNT - 1) {
                emitter.complete();
            }
        }
        catch (IOException | IllegalStateException ex) {
            // The client went away or the emitter already ended; nothing more to send.
            emitter.completeWithError(ex);
        }
    }

    /**
     * Writes {@code chunks} lines ({@code chunk 0}, {@code chunk 1}, ...) as
     * {@code text/plain}, flushing each one and waiting {@code delayMs} milliseconds
     * between them. Runs on Spring MVC's async executor, not a request thread.
     * <p>
     * Each line is flushed with {@link HttpServletResponse#flushBuffer()}: since Spring
     * Framework 7 the stream handed to a {@link StreamingResponseBody} ignores
     * {@code flush()} unless the Spring property
     * {@code spring.http.response.flush.enabled} is {@code true}.
     * @param chunks how many lines
     * @param delayMs the pause between two lines, in milliseconds
     * @param response the servlet response, flushed after each line
     * @return the streaming body
     */
    @GetMapping(path = "/stream", produces = MediaType.TEXT_PLAIN_VALUE)
    public StreamingResponseBody stream(@RequestParam(defaultValue = "5") int chunks,
            @RequestParam(defaultValue = "200") long delayMs, HttpServletResponse response) {
        requireNotNegative("chunks", chunks);
        requireNotNegative("delayMs", delayMs);
        // produces only selects the handler: a StreamingResponseBody gets no Content-Type
        // unless it is set here.
        response.setContentType("text/plain;charset=UTF-8");
        return (out) -> {
            for (int i = 0; i < chunks; i++) {
                if (i > 0 && !pause(delayMs)) {
                    return;
                }
                out.write(("chunk " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                response.flushBuffer();
            }
        };
    }

    /**
     * Writes {@code n} bytes as {@code application/octet-stream}, with a
     * {@code Content-Length}. The byte at offset {@code k} is {@code k % 256}, so a
     * client can check every byte. Written from one reused buffer.
     * @param n how many bytes
     * @param response the response to write to
     * @throws IOException if writing fails
     */
    @GetMapping("/bytes")
    public void bytes(@RequestParam long n, HttpServletResponse response) throws IOException {
        requireNotNegative("n", n);
        response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
        response.setContentLengthLong(n);
        byte[] chunk = new byte[BYTES_CHUNK_SIZE];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) i;
        }
        try (OutputStream out = response.getOutputStream()) {
            long remaining = n;
            while (remaining > 0) {
                int length = (int) Math.min(remaining, chunk.length);
                out.write(chunk, 0, length);
                remaining -= length;
            }
        }
    }

    /** Sleeps; answers false (with the interrupt flag restored) when interrupted. */
    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void requireNotNegative(String name, long value) {
        if (value < 0) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, name + " must not be negative");
        }
    }

}
