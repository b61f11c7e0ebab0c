package dev.fcgi.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Endpoints that read request bodies, each without holding a whole body in memory:
 * {@code POST /echo} copies the body back, {@code POST /count} counts its bytes,
 * {@code POST /upload} reports a multipart file.
 */
@RestController
public class BodyController {

    private static final int COPY_BUFFER_SIZE = 8192;

    /**
     * Sends the request body back as it arrives, with the request's {@code Content-Type}
     * ({@code application/octet-stream} when it had none) and, when the request declared
     * one, its length.
     * @param request the request whose body is copied
     * @param response the response the body is copied to
     * @throws IOException if either side fails
     */
    @PostMapping("/echo")
    public void echo(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String contentType = request.getContentType();
        response.setContentType((contentType != null) ? contentType : MediaType.APPLICATION_OCTET_STREAM_VALUE);
        long contentLength = request.getContentLengthLong();
        if (contentLength >= 0) {
            response.setContentLengthLong(contentLength);
        }
        try (InputStream in = request.getInputStream(); OutputStream out = response.getOutputStream()) {
            byte[] buffer = new byte[COPY_BUFFER_SIZE];
            long copied = 0;
            int read;
            // Stop at the declared length: writing the last byte closes the response, and
            // with it the request body, so one more read would fail with "Stream closed".
            while ((contentLength < 0 || copied < contentLength) && (read = in.read(buffer)) != -1) {
                out.write(buffer, 0, read);
                copied += read;
            }
        }
    }

    /**
     * Reads the request body to its end and answers how many bytes it had.
     * @param request the request whose body is counted
     * @return the body's length in bytes, as text
     * @throws IOException if reading fails
     */
    @PostMapping(path = "/count", produces = MediaType.TEXT_PLAIN_VALUE)
    public String count(HttpServletRequest request) throws IOException {
        long total = 0;
        try (InputStream in = request.getInputStream()) {
            byte[] buffer = new byte[COPY_BUFFER_SIZE];
            int read;
            while ((read = in.read(buffer)) != -1) {
                total += read;
            }
        }
        return Long.toString(total);
    }

    /**
     * Reports the multipart field {@code file}: its file name and size.
     * @param file the uploaded part (kept on disk above
     * {@code spring.servlet.multipart.file-size-threshold})
     * @return a JSON object: {@code name}, {@code size}, {@code contentType}
     */
    @PostMapping(path = "/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> upload(@RequestParam("file") MultipartFile file) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("name", file.getOriginalFilename());
        answer.put("size", file.getSize());
        answer.put("contentType", file.getContentType());
        return answer;
    }

}
