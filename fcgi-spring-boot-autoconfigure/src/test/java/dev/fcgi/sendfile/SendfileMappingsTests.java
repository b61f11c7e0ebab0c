package dev.fcgi.sendfile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Which files are named for the web server, and how. */
class SendfileMappingsTests {

    @TempDir
    Path dir;

    @Test
    void fileBelowADirectoryGetsThePrefix() throws Exception {
        Path files = Files.createDirectories(this.dir.resolve("files/sub"));
        Path file = Files.writeString(files.resolve("a b.txt"), "x");
        SendfileMappings mappings = SendfileMappings.parse(List.of(this.dir.resolve("files") + "/=/protected/"));
        assertThat(mappings.map(file)).isEqualTo("/protected/sub/a b.txt");
        assertThat(SendfileType.X_ACCEL_REDIRECT.headerValue(mappings.map(file))).isEqualTo("/protected/sub/a%20b.txt");
    }

    @Test
    void directoryAloneMapsToItsOwnPath() throws Exception {
        Path file = Files.writeString(Files.createDirectories(this.dir.resolve("files")).resolve("f"), "x");
        SendfileMappings mappings = SendfileMappings.parse(List.of(this.dir.resolve("files").toString()));
        assertThat(mappings.map(file)).isEqualTo(file.toRealPath().toString());
    }

    @Test
    void filesOutsideEveryDirectoryAreNotNamed() throws Exception {
        Path files = Files.createDirectories(this.dir.resolve("files"));
        Path outside = Files.writeString(this.dir.resolve("secret"), "x");
        SendfileMappings mappings = SendfileMappings.parse(List.of(files + "=/protected/"));
        assertThat(mappings.map(outside)).isNull();
        assertThat(mappings.map(files.resolve("../secret"))).isNull();
        assertThat(mappings.map(files.resolve("missing"))).isNull();
        assertThat(mappings.map(files)).isNull();
        // A link inside the directory that points out of it.
        Path link = Files.createSymbolicLink(files.resolve("link"), outside);
        assertThat(mappings.map(link)).isNull();
    }

    @Test
    void similarlyNamedSiblingIsOutside() throws Exception {
        Files.createDirectories(this.dir.resolve("files"));
        Path sibling = Files.writeString(Files.createDirectories(this.dir.resolve("files-other")).resolve("f"), "x");
        assertThat(SendfileMappings.parse(List.of(this.dir.resolve("files") + "=/p/")).map(sibling)).isNull();
    }

    @Test
    void relativeDirectoryIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> SendfileMappings.parse(List.of("files=/p/")));
    }

    @Test
    void announcementIsReadCaseInsensitively() {
        assertThat(SendfileType.fromHeaderName("x-accel-redirect")).isEqualTo(SendfileType.X_ACCEL_REDIRECT);
        assertThat(SendfileType.fromHeaderName("X-Sendfile")).isEqualTo(SendfileType.X_SENDFILE);
        assertThat(SendfileType.fromHeaderName("X-Anything")).isNull();
        assertThat(SendfileType.fromHeaderName(null)).isNull();
    }

}
