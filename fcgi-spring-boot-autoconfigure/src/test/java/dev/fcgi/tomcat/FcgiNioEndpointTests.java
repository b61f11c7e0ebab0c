package dev.fcgi.tomcat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import dev.fcgi.protocol.FcgiConstants;
import dev.fcgi.testsupport.FcgiTestClient;
import dev.fcgi.testsupport.FcgiTestClient.Response;
import dev.fcgi.testsupport.TestApplication;
import dev.fcgi.testsupport.TestApplicationSupport;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.fcgi.testsupport.TestApplicationSupport.await;
import static dev.fcgi.testsupport.TestApplicationSupport.fcgiPort;
import static dev.fcgi.testsupport.TestApplicationSupport.protocol;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What happens at the listener: peers off the allow-list, a listener that would be open
 * to the world, a pool and wait queue that are full, and Unix socket files left behind.
 */
class FcgiNioEndpointTests {

    @TempDir
    Path directory;

    @Test
    void peerOffTheAllowListIsClosedBeforeAnyByteIsRead() throws Exception {
        try (ConfigurableApplicationContext context = run("--fcgi.allowed-clients=192.0.2.1,10.0.0.0/8")) {
            FcgiNioProtocol protocol = protocol(context);
            try (FcgiTestClient client = FcgiTestClient.connect(fcgiPort(context))) {
                client.sendRequest(1, true, FcgiTestClient.params("GET", "/hello"), new byte[0]);
                assertThat(client.isClosedByPeer(3000)).isTrue();
            }
            assertThat(protocol.getRefusedConnections()).isEqualTo(1);
            assertThat(protocol.getStatistics().requests()).isZero();
        }
    }

    @Test
    void allowListedPeerIsServedOnAnyAddress() throws Exception {
        try (ConfigurableApplicationContext context = run("--fcgi.address=0.0.0.0",
                "--fcgi.allowed-clients=127.0.0.1")) {
            try (FcgiTestClient client = FcgiTestClient.connect(fcgiPort(context))) {
                assertThat(client.exchange(FcgiTestClient.params("GET", "/hello"), new byte[0]).bodyText())
                    .isEqualTo("hello");
            }
        }
    }

    @Test
    void listenerOpenToTheWorldWithoutAnAllowListRefusesToStart() {
        assertThatThrownBy(() -> run("--fcgi.address=0.0.0.0").close())
            .hasStackTraceContaining("Set fcgi.allowed-clients");
    }

    @Test
    void requestsBeyondPoolAndQueueGet503AndOverloadedAtOnce() throws Exception {
        TestApplication.gate = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(3);
        try (ConfigurableApplicationContext context = run("--fcgi.pool.size=2", "--fcgi.pool.queue-size=1")) {
            int port = fcgiPort(context);
            FcgiNioProtocol protocol = protocol(context);
            List<Future<Response>> held = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                held.add(clients.submit(() -> {
                    try (FcgiTestClient client = FcgiTestClient.connect(port)) {
                        return client.exchange(FcgiTestClient.params("GET", "/wait"), new byte[0]);
                    }
                }));
            }
            await("2 busy workers and 1 queued request",
                    () -> protocol.getStatistics().activeWorkers() == 2 && protocol.getQueuedRequests() == 1);
            long start = System.nanoTime();
            try (FcgiTestClient client = FcgiTestClient.connect(port)) {
                Response refused = client.exchange(FcgiTestClient.params("GET", "/hello"), new byte[0]);
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.headers("Retry-After")).containsExactly("1");
                assertThat(refused.protocolStatus()).isEqualTo(FcgiConstants.OVERLOADED);
                assertThat(millis).as("answered after %d ms", millis).isLessThan(2000);
            }
            assertThat(protocol.getStatistics().rejectedRequests()).isEqualTo(1);
            TestApplication.gate.countDown();
            for (Future<Response> response : held) {
                assertThat(response.get().bodyText()).isEqualTo("released");
            }
        }
        finally {
            TestApplication.gate.countDown();
            clients.shutdownNow();
        }
    }

    @Test
    void staleUnixSocketFileIsReplaced() throws Exception {
        Path socket = this.directory.resolve("app.sock");
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();
        try (ConfigurableApplicationContext context = run("--fcgi.unix-socket.path=" + socket)) {
            try (FcgiTestClient client = FcgiTestClient.connectUnix(socket)) {
                assertThat(client.exchange(FcgiTestClient.params("GET", "/hello"), new byte[0]).bodyText())
                    .isEqualTo("hello");
            }
        }
    }

    @Test
    void liveUnixSocketIsNotTakenOver() throws Exception {
        Path socket = this.directory.resolve("live.sock");
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(UnixDomainSocketAddress.of(socket));
            assertThatThrownBy(() -> run("--fcgi.unix-socket.path=" + socket).close())
                .hasStackTraceContaining("another process is listening");
            assertThat(socket).exists();
        }
    }

    @Test
    void regularFileInTheSocketsPlaceIsLeftAlone() throws Exception {
        Path file = Files.writeString(this.directory.resolve("notes.txt"), "keep me");
        assertThatThrownBy(() -> run("--fcgi.unix-socket.path=" + file).close())
            .hasStackTraceContaining("is not a socket");
        assertThat(file).hasContent("keep me");
    }

    @Test
    void socketInAWiderDirectoryGetsItsModeBeforeItAppearsThere() throws Exception {
        Files.setPosixFilePermissions(this.directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path socket = this.directory.resolve("app.sock");
        try (ConfigurableApplicationContext context = run("--fcgi.unix-socket.path=" + socket)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
            try (Stream<Path> entries = Files.list(this.directory)) {
                assertThat(entries).as("the private directory it was bound in is gone").containsExactly(socket);
            }
            try (FcgiTestClient client = FcgiTestClient.connectUnix(socket)) {
                assertThat(client.exchange(FcgiTestClient.params("GET", "/hello"), new byte[0]).bodyText())
                    .isEqualTo("hello");
            }
        }
        assertThat(socket).as("removed at shutdown").doesNotExist();
    }

    @Test
    void socketInAMissingDirectoryIsRefusedNamingTheProperty() {
        Path socket = this.directory.resolve("missing/app.sock");
        FcgiSettingException refusal = settingRefusal(() -> run("--fcgi.unix-socket.path=" + socket).close());
        assertThat(refusal.getProperty()).isEqualTo("fcgi.unix-socket.path");
        assertThat(refusal.getDescription()).contains(socket.getParent() + " does not exist");
        assertThat(socket.getParent()).doesNotExist();
    }

    @Test
    void unknownSocketOwnerIsRefusedNamingTheProperty() {
        Path socket = this.directory.resolve("app.sock");
        FcgiSettingException refusal = settingRefusal(
                () -> run("--fcgi.unix-socket.path=" + socket, "--fcgi.unix-socket.owner=no-such-user-x").close());
        assertThat(refusal.getProperty()).isEqualTo("fcgi.unix-socket.owner");
        assertThat(socket).doesNotExist();
    }

    @Test
    void unixSocketPeerOfAnotherUserIsClosedBeforeAnyByteIsRead() throws Exception {
        Path socket = this.directory.resolve("app.sock");
        String me = Files.getOwner(this.directory).getName();
        String other = me.equals("nobody") ? "root" : "nobody";
        try (ConfigurableApplicationContext context = run("--fcgi.unix-socket.path=" + socket,
                "--fcgi.unix-socket.allowed-users=" + other)) {
            assertThat(closedByPeer(socket)).as("closed at accept").isTrue();
            assertThat(protocol(context).getRefusedConnections()).isEqualTo(1);
            assertThat(protocol(context).getStatistics().requests()).isZero();
        }
        try (ConfigurableApplicationContext context = run("--fcgi.unix-socket.path=" + socket,
                "--fcgi.unix-socket.allowed-users=" + other + "," + me)) {
            try (FcgiTestClient client = FcgiTestClient.connectUnix(socket)) {
                assertThat(client.exchange(FcgiTestClient.params("GET", "/hello"), new byte[0]).bodyText())
                    .isEqualTo("hello");
            }
        }
    }

    @Test
    void inheritedChannelWithoutAListeningSocketOnFd0IsRefusedNamingTheProperty() {
        FcgiSettingException refusal = settingRefusal(() -> run("--fcgi.inherit-channel=true").close());
        assertThat(refusal.getProperty()).isEqualTo("fcgi.inherit-channel");
        assertThat(refusal.getDescription()).contains("file descriptor 0 (standard input) is");
        assertThat(refusal.getAction()).contains("spawn-fcgi");
    }

    /**
     * Connects to a Unix socket and tells whether the other end closes the connection
     * within 3 s.
     */
    private static boolean closedByPeer(Path socket) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
                Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            long deadline = System.nanoTime() + 3_000_000_000L;
            ByteBuffer buffer = ByteBuffer.allocate(64);
            while (System.nanoTime() < deadline) {
                selector.select(100);
                buffer.clear();
                try {
                    if (channel.read(buffer) < 0) {
                        return true;
                    }
                }
                catch (IOException ex) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Runs {@code start}, which must fail, and answers the {@link FcgiSettingException}
     * among the causes.
     */
    private static FcgiSettingException settingRefusal(ThrowingCallable start) {
        Throwable thrown = catchThrowable(start);
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof FcgiSettingException refusal) {
                return refusal;
            }
        }
        throw new AssertionError("expected a FcgiSettingException among the causes", thrown);
    }

    /** Starts the test application on free ports, with {@code args} added. */
    private static ConfigurableApplicationContext run(String... args) {
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--fcgi.port=0"));
        all.addAll(List.of(args));
        return TestApplicationSupport.run(all.toArray(String[]::new));
    }

}
