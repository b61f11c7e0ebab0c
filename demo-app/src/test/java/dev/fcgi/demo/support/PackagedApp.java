package dev.fcgi.demo.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged demo ({@code target/demo-app.jar}) run as its own JVM, alone or under a
 * launcher such as spawn-fcgi, multiwatch or Server::Starter, with a small heap and quiet
 * logging, its output in a log file.
 */
public final class PackagedApp implements AutoCloseable {

    /** The jar {@code mvn package} leaves, relative to the demo module. */
    public static final Path JAR = Path.of("target", "demo-app.jar");

    /** What the app logs once it serves. */
    public static final String STARTED = "Started DemoApplication";

    private final Process process;

    private final Path log;

    private PackagedApp(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * The command that runs the jar: this JVM's {@code java}, {@code -Xmx128m}, the jar,
     * quiet logging, then the given arguments.
     * @param arguments Spring Boot arguments, such as {@code --fcgi.mode=instead}
     * @return the command
     */
    public static List<String> javaCommand(String... arguments) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run mvn verify (it packages first)");
        }
        String java = ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-jar", JAR.toAbsolutePath().toString(),
                "--logging.level.root=WARN", "--logging.level.dev.fcgi.demo.DemoApplication=INFO"));
        command.addAll(List.of(arguments));
        return command;
    }

    /**
     * Starts a command (the app, or a launcher that runs it) with its output in
     * {@code log}.
     * @param command the full command
     * @param log where its output goes
     * @return the running command
     */
    public static PackagedApp start(List<String> command, Path log) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
            return new PackagedApp(process, log);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start " + command, ex);
        }
    }

    /**
     * Waits until the log says {@value #STARTED} {@code count} times (one per JVM under
     * the launcher).
     * @param count how many JVMs must have started
     * @param timeout how long to wait
     * @return this app
     * @throws IllegalStateException if the process exits or the time is up first
     */
    public PackagedApp awaitStarted(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (startCount() < count) {
            if (!this.process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("App did not start " + count + " time(s) (alive: "
                        + this.process.isAlive() + "); log:\n" + log());
            }
            sleep(100);
        }
        return this;
    }

    /**
     * How many times the log says {@value #STARTED}.
     * @return the count
     */
    public int startCount() {
        return log().split(STARTED, -1).length - 1;
    }

    /**
     * The process started (the launcher, when there is one).
     * @return the process
     */
    public Process process() {
        return this.process;
    }

    /**
     * The output so far.
     * @return the log's text
     */
    public String log() {
        try {
            return Files.exists(this.log) ? Files.readString(this.log, StandardCharsets.UTF_8) : "";
        }
        catch (IOException ex) {
            return "(" + ex + ")";
        }
    }

    /**
     * Sends SIGTERM and waits for the process to exit.
     * @param timeout how long to wait
     * @return {@code true} if it exited in time
     */
    public boolean terminate(Duration timeout) {
        this.process.destroy();
        try {
            return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Stops the process and everything it started, forcibly if SIGTERM is not enough.
     */
    @Override
    public void close() {
        List<ProcessHandle> children = this.process.descendants().toList();
        if (!terminate(Duration.ofSeconds(20))) {
            this.process.destroyForcibly();
        }
        for (ProcessHandle child : children) {
            child.destroy();
        }
        children.forEach((child) -> child.onExit().completeOnTimeout(child, 20, TimeUnit.SECONDS).join());
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", ex);
        }
    }

}
