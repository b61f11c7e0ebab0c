package dev.fcgi.autoconfigure;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.fcgi.tomcat.ClientAllowList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.fcgi.testsupport.TestApplicationSupport.protocol;
import static dev.fcgi.testsupport.TestApplicationSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What a user reads when the starter refuses to start: Boot's "APPLICATION FAILED TO
 * START" report, with a description naming the {@code fcgi.*} property and an action
 * saying what to set, instead of a stack trace or a port that is not in use.
 */
@ExtendWith(OutputCaptureExtension.class)
class FcgiFailureAnalysisTests {

    @TempDir
    Path directory;

    @Test
    void poolOfNoWorkersNamesThePoolSize(CapturedOutput output) {
        String report = refusedReport(output, "--fcgi.pool.size=0");
        assertThat(report).contains("Invalid value '0' for configuration property 'fcgi.pool.size'")
            .contains("At least 1 worker thread is needed")
            .doesNotContain("in use");
    }

    @Test
    void negativePortIsRefusedAtOnceNamingThePort(CapturedOutput output) {
        long start = System.nanoTime();
        String report = refusedReport(output, "--fcgi.port=-1");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(report).contains("configuration property 'fcgi.port'").contains("fcgi.unix-socket.path");
    }

    @Test
    void openAddressWithoutAllowListSaysToSetAllowedClients(CapturedOutput output) {
        String report = refusedReport(output, "--fcgi.address=0.0.0.0");
        assertThat(report).contains("0.0.0.0 (fcgi.address)")
            .containsPattern("Action:\\s+Set fcgi.allowed-clients to the web servers'");
    }

    @Test
    void malformedAllowListNamesTheEntry(CapturedOutput output) {
        String report = refusedReport(output, "--fcgi.allowed-clients=10.0.0.5,not-an-ip");
        assertThat(report).contains("configuration property 'fcgi.allowed-clients'")
            .contains("'not-an-ip' is not an IP address or CIDR range");
    }

    /**
     * The environment of this JVM cannot be changed: the analyzer gets the refusal the
     * connector wraps at start-up.
     */
    @Test
    void malformedWebServerAddrsNamesTheEnvironmentVariable() {
        Throwable parseFailure = catchThrowable(() -> ClientAllowList.parse("10.0.0.5,web1"));
        Throwable refusal = new IllegalStateException(parseFailure.getMessage(), parseFailure);
        FailureAnalysis analysis = new ClientAllowListFailureAnalyzer().analyze(refusal);
        assertThat(analysis.getDescription()).contains("'web1' is not an IP address or CIDR range")
            .contains("FCGI_WEB_SERVER_ADDRS");
        assertThat(analysis.getAction()).contains("FCGI_WEB_SERVER_ADDRS").contains("'*'");
    }

    @Test
    void negativeBodyLimitOtherThanMinusOneIsRefused(CapturedOutput output) throws Exception {
        String report = refusedReport(output, "--fcgi.request.max-body-size=-5MB");
        assertThat(report).contains("configuration property 'fcgi.request.max-body-size'").contains("-1 (exactly)");
        try (ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.port=0",
                "--fcgi.request.max-body-size=-1")) {
            assertThat(protocol(context).getMaxBodySize()).isEqualTo(-1);
        }
    }

    @Test
    void badPermissionsAndPatternAreRefused(CapturedOutput output) {
        assertThat(refusedReport(output, "--fcgi.unix-socket.permissions=0660"))
            .contains("configuration property 'fcgi.unix-socket.permissions'")
            .contains("rw-rw----");
        assertThat(refusedReport(output, "--fcgi.request.attributes-pattern=(unclosed"))
            .contains("configuration property 'fcgi.request.attributes-pattern'");
    }

    @ParameterizedTest
    @ValueSource(strings = { "beside", "instead" })
    void portReallyInUseIsReportedAsSuch(String mode, CapturedOutput output) throws Exception {
        try (ServerSocketChannel taken = ServerSocketChannel.open()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();
            String report = refusedReport(output, "--fcgi.mode=" + mode, "--fcgi.port=" + port);
            assertThat(report).contains("could not bind 127.0.0.1:" + port + " (fcgi.address, fcgi.port)")
                .contains("the port is already in use")
                .contains("set fcgi.port");
        }
    }

    @Test
    void httpAndFastCgiOnOnePortIsNotReportedAsAPortInUse(CapturedOutput output) {
        String report = refusedReport(output, "--server.port=9123", "--fcgi.port=9123");
        assertThat(report).contains("server.port and fcgi.port are both 9123")
            .doesNotContain("in use")
            .containsPattern("Action:\\s+Give fcgi.port another port");
    }

    @Test
    void addressOfAnotherHostIsNotReportedAsAPortInUse(CapturedOutput output) {
        String report = refusedReport(output, "--fcgi.address=192.0.2.1", "--fcgi.allowed-clients=*");
        assertThat(report).contains("192.0.2.1 is not an address of this host").doesNotContain("in use");
    }

    @Test
    void missingInheritedSocketNamesInheritChannel(CapturedOutput output) {
        String report = refusedReport(output, "--fcgi.inherit-channel=true");
        assertThat(report).contains("fcgi.inherit-channel is true").contains("set fcgi.inherit-channel=false");
    }

    @Test
    void unixSocketInAMissingDirectoryNamesThePath(CapturedOutput output) {
        String report = refusedReport(output, "--fcgi.unix-socket.path=/nonexistent/dir/app.sock");
        assertThat(report).containsPattern("Description:\\s+fcgi.unix-socket.path is '/nonexistent/dir/app.sock'")
            .contains("/nonexistent/dir does not exist")
            .containsPattern("Action:\\s+Create the directory first");
    }

    @Test
    void sslInInsteadModeIsAnAnalysis(CapturedOutput output) {
        String report = refusedReport(output, "--fcgi.mode=instead", "--server.ssl.enabled=true",
                "--server.ssl.key-store=classpath:missing.p12");
        assertThat(report).contains("fcgi.mode=instead cannot be combined with server.ssl")
            .containsPattern("Action:\\s+Remove server.ssl");
    }

    @Test
    void unixSocketIsNotShownAsPortMinusOne(CapturedOutput output) throws Exception {
        Path socket = this.directory.resolve("app.sock");
        try (ConfigurableApplicationContext context = run("--server.port=0", "--fcgi.mode=instead",
                "--fcgi.unix-socket.path=" + socket)) {
            assertThat(output.getOut()).contains("-1 (fcgi on unix:" + socket + ", not a TCP port)")
                .doesNotContain("9000 (fcgi")
                .doesNotContain("-1 (fcgi)")
                .contains("FastCGI listening on unix:" + socket);
        }
    }

    /**
     * Starts the test application with {@code args} (on a free HTTP port unless they name
     * one), expects it to refuse, and returns the failure report.
     */
    private static String refusedReport(CapturedOutput output, String... args) {
        int before = output.getAll().length();
        List<String> all = new ArrayList<>(List.of("--spring.main.banner-mode=off"));
        if (List.of(args).stream().noneMatch((arg) -> arg.startsWith("--server.port="))) {
            all.add("--server.port=0");
        }
        all.addAll(List.of(args));
        assertThatException().isThrownBy(() -> run(all.toArray(String[]::new)).close());
        String printed = output.getAll().substring(before);
        int start = printed.indexOf("APPLICATION FAILED TO START");
        assertThat(start).as("failure report in:%n%s", printed).isNotNegative();
        return printed.substring(start);
    }

}
