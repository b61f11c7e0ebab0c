package dev.fcgi.demo;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.fcgi.demo.support.FreePorts;
import dev.fcgi.demo.support.GeneratedBody;
import dev.fcgi.demo.support.NginxServer;
import dev.fcgi.demo.support.NginxUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 1 GiB upload streamed through nginx into the packaged demo jar running with a 96 MB
 * heap.
 */
class LargeUploadIT {

    private static final long ONE_GIB = 1L << 30;

    private static final Path JAR = Path.of("target", "demo-app.jar");

    @TempDir
    Path work;

    private Process app;

    private NginxServer nginx;

    @AfterEach
    void stop() throws InterruptedException {
        if (this.nginx != null) {
            this.nginx.close();
        }
        if (this.app != null) {
            this.app.destroy();
            if (!this.app.waitFor(20, TimeUnit.SECONDS)) {
                this.app.destroyForcibly();
                this.app.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void oneGibibyteIsCountedWithoutFillingTheHeap() throws Exception {
        assertThat(JAR).as("packaged demo jar (run mvn verify)").isRegularFile();
        String java = ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        int fcgiPort = FreePorts.loopbackPort();
        Path log = this.work.resolve("app.log");
        this.app = new ProcessBuilder(
                List.of(java, "-Xmx96m", "-jar", JAR.toAbsolutePath().toString(), "--server.port=0",
                        "--fcgi.port=" + fcgiPort, "--logging.level.root=WARN", "--fcgi.request.max-body-size=-1"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        boolean listening = FreePorts.awaitAccepting(fcgiPort, Duration.ofSeconds(90), this.app::isAlive);
        assertThat(listening).as("FastCGI port %d accepting; app log:%n%s", fcgiPort, read(log)).isTrue();
        this.nginx = NginxServer.builder(NginxUpstream.fastCgiTcp("127.0.0.1", fcgiPort))
            .requestBuffering(false)
            .start();

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest upload = HttpRequest.newBuilder(this.nginx.uri("/count"))
            .header("Content-Type", "application/octet-stream")
            .timeout(Duration.ofMinutes(10))
            .POST(GeneratedBody.zeros(ONE_GIB))
            .build();
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(upload, HttpResponse.BodyHandlers.ofString());
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.statusCode()).as("%s%napp log:%n%s", this.nginx.errorLog(), read(log)).isEqualTo(200);
        assertThat(response.body()).isEqualTo(Long.toString(ONE_GIB));
        assertThat(this.app.isAlive()).as("app alive after the upload; log:%n%s", read(log)).isTrue();
        String posted = "\"POST /count HTTP/1.1\" 200";
        assertThat(this.nginx.accessLogOnceItContains(posted)).contains(posted);
        System.out.printf("1 GiB POST /count through nginx (fastcgi_request_buffering off) into java -Xmx96m: "
                + "%d ms (%.1f MiB/s)%n", millis, 1024.0 * 1000 / millis);
        System.out.println("Heap after the upload (jcmd " + this.app.pid() + " GC.heap_info):");
        System.out.println(run(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(this.app.pid()), "GC.heap_info"));
        System.out.println("Process memory: " + processMemory(this.app.pid()));
        assertThat(read(log)).as("app log").doesNotContain("OutOfMemoryError");
    }

    private static String processMemory(long pid) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.isReadable(status)) {
            return "(no /proc)";
        }
        return String.join(", ",
                Files.readAllLines(status)
                    .stream()
                    .filter((line) -> line.startsWith("VmRSS") || line.startsWith("VmHWM"))
                    .map((line) -> line.replaceAll("\\s+", " "))
                    .toList());
    }

    private String run(String... command) throws IOException, InterruptedException {
        Path out = this.work.resolve("command.out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return "(" + String.join(" ", command) + " did not finish)";
        }
        return read(out);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        }
        catch (IOException ex) {
            return "(could not read " + file + ": " + ex + ")";
        }
    }

}
