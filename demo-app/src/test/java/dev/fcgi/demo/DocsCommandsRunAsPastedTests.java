package dev.fcgi.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.fcgi.demo.support.DocumentedCommand;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launchers the docs show (spawn-fcgi, multiwatch, systemd-socket-activate) run their
 * program without searching {@code PATH}: every program they are given is an absolute
 * path to an executable, so the lines run as pasted. The integration tests run the lines
 * themselves (see {@link DocumentedCommand}).
 */
class DocsCommandsRunAsPastedTests {

    private static final List<String> LAUNCHERS = List.of("spawn-fcgi", "multiwatch", "systemd-socket-activate");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "README.md", "docs/deployment.md", "docs/front-ends.md" })
    void programsGivenToLaunchersAreAbsolutePaths(String doc) {
        for (String command : DocumentedCommand.commands(doc)) {
            for (String program : launchedPrograms(command)) {
                assertThat(program).as("program in '%s' (%s)", command, doc).startsWith("/");
                assertThat(Path.of(program)).as("program in '%s' (%s)", command, doc)
                    .satisfies((path) -> assertThat(Files.isExecutable(path)).isTrue());
            }
        }
    }

    /**
     * The programs a command hands to a launcher: the word after each {@code --} of
     * spawn-fcgi and multiwatch, the first word after systemd-socket-activate's options.
     */
    private static List<String> launchedPrograms(String command) {
        List<String> programs = new ArrayList<>();
        String[] words = command.split(" ");
        if (!LAUNCHERS.contains(Path.of(words[0]).getFileName().toString())) {
            return programs;
        }
        if (words[0].endsWith("systemd-socket-activate")) {
            for (int i = 1; i < words.length; i++) {
                if (words[i].equals("-l") || words[i].equals("-E")) {
                    i++;
                }
                else if (!words[i].startsWith("-")) {
                    programs.add(words[i]);
                    break;
                }
            }
            return programs;
        }
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i].equals("--")) {
                programs.add(words[i + 1]);
            }
        }
        return programs;
    }

}
