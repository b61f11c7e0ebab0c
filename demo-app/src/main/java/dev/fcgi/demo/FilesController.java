package dev.fcgi.demo;

import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /files/{name}}: a file of the directory {@code demo.files.directory}, as a
 * file-backed {@link Resource}. Spring MVC serves it, ranges included; with
 * {@code fcgi.sendfile.enabled} and a web server that sends files, the answer leaves the
 * JVM as an {@code X-Accel-Redirect} / {@code X-Sendfile} header instead.
 */
@RestController
public class FilesController {

    private final Path directory;

    /**
     * Serves files from a directory.
     * @param directory {@code demo.files.directory}
     */
    public FilesController(@Value("${demo.files.directory}") Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    /**
     * Answers a file.
     * @param name the file's name in the directory (no sub-directories)
     * @return the file, or 404 when there is no such regular file
     */
    @GetMapping("/files/{name}")
    public ResponseEntity<Resource> file(@PathVariable String name) {
        Path file = this.directory.resolve(name).normalize();
        if (!file.getParent().equals(this.directory) || !Files.isRegularFile(file)) {
            return ResponseEntity.notFound().build();
        }
        FileSystemResource resource = new FileSystemResource(file);
        // Named here: left to content negotiation, a client's Accept: */* would pick the
        // first type any converter offers (JSON) for the file.
        MediaType type = MediaTypeFactory.getMediaType(resource).orElse(MediaType.APPLICATION_OCTET_STREAM);
        return ResponseEntity.ok().contentType(type).body(resource);
    }

}
