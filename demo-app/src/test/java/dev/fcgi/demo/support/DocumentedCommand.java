package dev.fcgi.demo.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A shell command exactly as a page of the docs shows it (in a {@code ```sh} block, lines
 * ending in {@code \} joined), so that a test runs what a reader pastes. The test
 * replaces only what must differ on a test machine: the port, the jar's path, the
 * socket's directory, the {@code java} of the JVM under test.
 * <p>
 * <pre>{@code
 * String line = DocumentedCommand.find("docs/deployment.md", "spawn-fcgi -a 127.0.0.1 -p 9000")
 *     .replace(" 9000 ", " " + port + " ")
 *     .text();
 * }</pre>
 */
public final class DocumentedCommand {

    /** The {@code java} the docs use: spawn-fcgi and friends do not search PATH. */
    public static final String DOCUMENTED_JAVA = "/usr/bin/java";

    private final String source;

    private final String text;

    private DocumentedCommand(String source, String text) {
        this.source = source;
        this.text = text;
    }

    /**
     * Finds the one command in {@code doc}'s shell blocks that starts with
     * {@code prefix}.
     * @param doc the page, relative to the project's root, such as {@code README.md}
     * @param prefix how the command starts
     * @return the command
     * @throws IllegalStateException if no command, or more than one, starts so
     */
    public static DocumentedCommand find(String doc, String prefix) {
        List<String> found = new ArrayList<>();
        for (String command : commands(doc)) {
            if (command.startsWith(prefix)) {
                found.add(command);
            }
        }
        if (found.size() != 1) {
            throw new IllegalStateException(doc + " shows " + found.size() + " commands starting with '" + prefix
                    + "' in its sh blocks, expected one: " + found);
        }
        return new DocumentedCommand(doc, found.get(0));
    }

    /**
     * Every command in {@code doc}'s {@code ```sh} blocks, continuation lines joined.
     * @param doc the page, relative to the project's root
     * @return the commands, comments and blank lines left out
     */
    public static List<String> commands(String doc) {
        List<String> commands = new ArrayList<>();
        boolean inShell = false;
        StringBuilder pending = new StringBuilder();
        for (String line : read(doc).split("\n", -1)) {
            if (!inShell) {
                inShell = line.strip().equals("```sh");
                continue;
            }
            if (line.strip().startsWith("```")) {
                inShell = false;
                continue;
            }
            String stripped = line.strip();
            if (pending.isEmpty() && (stripped.isEmpty() || stripped.startsWith("#"))) {
                continue;
            }
            if (stripped.endsWith("\\")) {
                pending.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            pending.append(stripped);
            commands.add(pending.toString().replaceAll(" +", " "));
            pending.setLength(0);
        }
        return commands;
    }

    /**
     * The command with {@code target} replaced, which must occur in it.
     * @param target what the docs show, such as {@code app.jar}
     * @param replacement what the test uses instead
     * @return the changed command
     */
    public DocumentedCommand replace(String target, String replacement) {
        if (!this.text.contains(target)) {
            throw new IllegalStateException("The command in " + this.source + " has no '" + target + "': " + this.text);
        }
        return new DocumentedCommand(this.source, this.text.replace(target, replacement));
    }

    /**
     * Runs the documented demo jar and {@code java} in this test: {@code app.jar} becomes
     * the packaged demo, {@value #DOCUMENTED_JAVA} the JVM running the tests (JDK 17 or
     * 25).
     * @return the changed command
     */
    public DocumentedCommand withTestedJar() {
        String java = ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (!Files.isRegularFile(PackagedApp.JAR)) {
            throw new IllegalStateException(PackagedApp.JAR.toAbsolutePath() + " is missing: run mvn verify");
        }
        return replace(DOCUMENTED_JAVA + " ", java + " ").replace(" app.jar ",
                " " + PackagedApp.JAR.toAbsolutePath() + " ");
    }

    /**
     * @return the command's text
     */
    public String text() {
        return this.text;
    }

    /**
     * The command for {@link ProcessBuilder}: the shell runs it as a reader's would, and
     * {@code exec}s it, so that the process started is the command itself (signals reach
     * it).
     * @return {@code /bin/sh -c 'exec ...'}
     */
    public List<String> shellCommand() {
        return List.of("/bin/sh", "-c", "exec " + this.text);
    }

    @Override
    public String toString() {
        return this.source + ": " + this.text;
    }

    private static String read(String doc) {
        try {
            return Files.readString(Path.of("..").resolve(doc), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
