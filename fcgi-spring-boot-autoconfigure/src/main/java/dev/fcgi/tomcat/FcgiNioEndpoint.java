package dev.fcgi.tomcat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's NIO endpoint, with what FastCGI deployments need on top:
 * <ul>
 * <li>peers not on the client allow-list are closed at accept, before a byte is read, and
 * counted; on a Unix socket, processes of users not on its allow-list (SO_PEERCRED)
 * likewise;</li>
 * <li>accepted connections are counted (with keep-alive this stays near the web server's
 * pool size);</li>
 * <li>when every worker is busy and the wait queue is full, new requests are answered at
 * once on the calling thread (503 and {@code FCGI_OVERLOADED}) instead of queueing
 * without bound;</li>
 * <li>a Unix socket is bound in a private directory and renamed into place once it has
 * its mode, owner and group (PHP-FPM's {@code listen.mode}, {@code listen.owner},
 * {@code listen.group}), so it never exists at its path with wider access, and its
 * directory may be the usual root-owned 0755 one; a missing directory is refused;</li>
 * <li>a stale Unix socket file left by a crashed run is replaced, a live one is not;</li>
 * <li>an inherited listening socket (fd 0) may be a Unix domain socket, as spawn-fcgi
 * {@code -s} and mod_fcgid provide: Tomcat only expects TCP there, so the socket's path
 * is adopted after binding (Unix socket handling applies), but the file is never deleted
 * on close (it belongs to whoever created it, and may be shared by sibling
 * processes).</li>
 * <li>when shutdown pauses it, kept connections waiting idle for their next request are
 * closed at once (a web server retries a request that fails on a kept connection, not one
 * that fails on a connection it just opened), while connections that have not carried a
 * request yet are left to deliver theirs.</li>
 * </ul>
 */
public class FcgiNioEndpoint extends NioEndpoint {

    private static final Log log = LogFactory.getLog(FcgiNioEndpoint.class);

    private static final long REFUSAL_LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final LongAdder acceptedConnections = new LongAdder();

    private final LongAdder refusedConnections = new LongAdder();

    private final AtomicLong lastRefusalLog = new AtomicLong(System.nanoTime() - REFUSAL_LOG_INTERVAL_NANOS);

    private final AtomicLong refusalsSinceLog = new AtomicLong();

    private final HighWaterMark maxQueuedRequests = new HighWaterMark();

    private volatile ClientAllowList allowList = ClientAllowList.LOOPBACK;

    private volatile FcgiConnectorStatistics statistics;

    private volatile int waitQueueLimit = -1;

    private boolean adoptedInheritedPath;

    private volatile String unixDomainSocketOwner;

    private volatile String unixDomainSocketGroup;

    private volatile UnixPeerAllowList allowedPeers;

    /** Open connections that have carried a request, noted by the processors. */
    private final UsedConnections usedConnections;

    /**
     * Set around an event this endpoint serves itself because the pool and its wait queue
     * are full.
     */
    private final OverloadMark overloadMark;

    /**
     * Set on the acceptor thread while it serves a connection accepted during a pause.
     */
    private boolean servingPausedAccept;

    /**
     * Creates the endpoint with what it shares with its connector's processors.
     * @param usedConnections where processors note the connections that carried a request
     * @param overloadMark what this endpoint sets on a thread serving an event because
     * the pool is full
     */
    FcgiNioEndpoint(UsedConnections usedConnections, OverloadMark overloadMark) {
        this.usedConnections = usedConnections;
        this.overloadMark = overloadMark;
    }

    @Override
    public void bind() throws Exception {
        replaceStaleUnixSocket();
        super.bind();
        if (getUseInheritedChannel() && getUnixDomainSocketPath() == null) {
            SocketAddress local = getServerSocket().getLocalAddress();
            if (local instanceof UnixDomainSocketAddress unix) {
                setUnixDomainSocketPath(unix.getPath().toString());
                this.adoptedInheritedPath = true;
            }
        }
    }

    /**
     * Binds a Unix socket inside a private directory beside its path (Tomcat then sets
     * its mode, and checks the private directory instead of the socket's real, usually
     * wider, directory), gives it its owner and group and renames it into place.
     */
    @Override
    protected void initServerSocket() throws Exception {
        String target = getUnixDomainSocketPath();
        if (getUseInheritedChannel() || target == null) {
            super.initServerSocket();
            return;
        }
        UnixSocketPlacement placement = UnixSocketPlacement.of(target, this.unixDomainSocketOwner,
                this.unixDomainSocketGroup);
        Path bound = placement.createPrivatePath();
        setUnixDomainSocketPath(bound.toString());
        boolean placed = false;
        try {
            super.initServerSocket();
            placement.moveIntoPlace(bound);
            placed = true;
        }
        finally {
            setUnixDomainSocketPath(target);
            UnixSocketPlacement.removePrivatePath(bound);
            if (!placed && getServerSocket() != null) {
                getServerSocket().close();
            }
        }
    }

    private void replaceStaleUnixSocket() throws IOException {
        if (checkUnixSocketPath()) {
            Path path = Path.of(getUnixDomainSocketPath());
            Files.delete(path);
            log.info("Replaced stale FastCGI socket " + path);
        }
    }

    /**
     * Checks the Unix socket path before binding: free, or a socket file nobody accepts
     * on (a leftover of a run that did not end cleanly).
     * @return true if a stale socket file is in the way and may be replaced
     * @throws IOException if the path holds something else, or a live socket
     * @throws FcgiSettingException if the socket's directory is missing, or its owner or
     * group unknown
     */
    boolean checkUnixSocketPath() throws IOException {
        String socketPath = getUnixDomainSocketPath();
        if (getUseInheritedChannel() || socketPath == null) {
            return false;
        }
        UnixSocketPlacement.of(socketPath, this.unixDomainSocketOwner, this.unixDomainSocketGroup);
        Path path = Path.of(socketPath);
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                || Files.isSymbolicLink(path)) {
            throw new IOException("Cannot listen on " + path + ": it exists and is not a socket");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            throw new IOException("Cannot listen on " + path + ": another process is listening on it");
        }
        catch (ConnectException ex) {
            return true;
        }
    }

    @Override
    protected void doCloseServerSocket() throws IOException {
        if (!this.adoptedInheritedPath) {
            super.doCloseServerSocket();
            return;
        }
        // Tomcat deletes the socket file of a Unix socket it bound; this one it did not
        // bind.
        String path = getUnixDomainSocketPath();
        setUnixDomainSocketPath(null);
        try {
            super.doCloseServerSocket();
        }
        finally {
            setUnixDomainSocketPath(path);
        }
    }

    /**
     * Tomcat's acceptor destroys a connection it accepts while the endpoint is paused
     * (graceful shutdown), expecting only its own unlock connection then. On a listening
     * socket shared with other processes (Server::Starter's next generation, multiwatch
     * siblings), or in the moment before the listener closes, that can be a web server's
     * request: it is served instead (and its connection closed afterwards, as the
     * processor does while paused), since a reset new connection is an error the web
     * server does not retry.
     */
    @Override
    protected void destroySocket(SocketChannel socket) {
        if (this.servingPausedAccept || !isRunning() || !isPaused()) {
            super.destroySocket(socket);
            return;
        }
        this.servingPausedAccept = true;
        try {
            if (!setSocketOptions(socket)) {
                closeSocket(socket);
            }
        }
        finally {
            this.servingPausedAccept = false;
        }
    }

    @Override
    protected boolean setSocketOptions(SocketChannel socket) {
        boolean allowed = (getUnixDomainSocketPath() == null) ? isAllowed(socket) : isAllowedPeer(socket);
        if (!allowed) {
            // The acceptor only closes sockets that got as far as a wrapper: close this
            // one here.
            destroySocket(socket);
            return false;
        }
        this.acceptedConnections.increment();
        this.usedConnections.sweepClosed(getActiveConnections());
        return super.setSocketOptions(socket);
    }

    /**
     * Closes the kept connections that wait idle for their next request, by handing each
     * to a worker as if input had arrived: while the endpoint is paused the processor
     * closes a connection that has nothing to read, and serves (then closes) one whose
     * request did arrive. Connections that have not carried a request yet are left alone.
     */
    void closeIdleConnections() {
        for (SocketWrapperBase<NioChannel> connection : getConnections()) {
            if (!connection.isClosed() && connection.getCurrentProcessor() == null
                    && this.usedConnections.hasCarriedRequest(connection)) {
                processSocket(connection, SocketEvent.OPEN_READ, true);
            }
        }
    }

    /**
     * Counts the open connections whose request has not reached the application: just
     * accepted, idle, or with a request head or body still arriving. Once none is left,
     * every request the endpoint took is one the web container knows about (and a
     * graceful shutdown waits for).
     * @return such connections
     */
    int connectionsOutsideTheApplication() {
        int outside = 0;
        for (SocketWrapperBase<NioChannel> connection : getConnections()) {
            if (!connection.isClosed() && !(connection.getCurrentProcessor() instanceof RequestInApplication request
                    && request.isInApplication())) {
                outside++;
            }
        }
        return outside;
    }

    private boolean isAllowed(SocketChannel socket) {
        SocketAddress remote;
        try {
            remote = socket.getRemoteAddress();
        }
        catch (IOException ex) {
            return false;
        }
        if (!(remote instanceof InetSocketAddress inet) || this.allowList.allows(inet.getAddress())) {
            return true;
        }
        this.refusedConnections.increment();
        logRefusal(inet);
        return false;
    }

    private boolean isAllowedPeer(SocketChannel socket) {
        UnixPeerAllowList peers = this.allowedPeers;
        if (peers == null) {
            return true;
        }
        UserPrincipal user = UnixPeerAllowList.peerUser(socket);
        if (user != null && peers.allows(user)) {
            return true;
        }
        if (!isPaused()) {
            // while paused, it is Tomcat's own unlock connection (from this process's
            // user): not worth a report
            this.refusedConnections.increment();
            logRefusal("user " + ((user != null) ? user.getName() : "(unknown)"),
                    UnixPeerAllowList.PROPERTY + " [" + peers + "]");
        }
        return false;
    }

    private void logRefusal(InetSocketAddress peer) {
        logRefusal(peer.getAddress().getHostAddress(), "fcgi.allowed-clients [" + this.allowList + "]");
    }

    private void logRefusal(String peer, String allowList) {
        long unlogged = this.refusalsSinceLog.incrementAndGet();
        long now = System.nanoTime();
        long last = this.lastRefusalLog.get();
        if (now - last >= REFUSAL_LOG_INTERVAL_NANOS && this.lastRefusalLog.compareAndSet(last, now)) {
            this.refusalsSinceLog.addAndGet(-unlogged);
            log.warn("Refused FastCGI connection from " + peer + " (" + unlogged
                    + " refused since the last report): not in " + allowList);
        }
    }

    @Override
    public boolean processSocket(SocketWrapperBase<NioChannel> socketWrapper, SocketEvent event, boolean dispatch) {
        if (dispatch && event == SocketEvent.OPEN_READ && isOverloaded()) {
            // Serve the event here: the processor answers new requests with 503 without
            // queueing them.
            this.overloadMark.set();
            try {
                return super.processSocket(socketWrapper, event, false);
            }
            finally {
                this.overloadMark.clear();
            }
        }
        boolean processed = super.processSocket(socketWrapper, event, dispatch);
        if (dispatch) {
            // the queue is longest right after a hand-over, so that is where its
            // high-water mark is taken
            this.maxQueuedRequests.offer(WorkerPool.queuedTasks(getExecutor()));
        }
        return processed;
    }

    /**
     * @return the most requests that waited for a worker at once since start (tasks in
     * the executor's queue)
     */
    public int getMaxQueuedRequests() {
        return this.maxQueuedRequests.get();
    }

    private boolean isOverloaded() {
        int limit = this.waitQueueLimit;
        if (limit < 0) {
            return false;
        }
        long outstanding = WorkerPool.outstandingTasks(getExecutor(), this.statistics);
        return outstanding >= (long) getMaxThreads() + limit;
    }

    /**
     * @param owner user (name or numeric id) to own the Unix socket file, or null for the
     * process's user
     */
    public void setUnixDomainSocketOwner(String owner) {
        this.unixDomainSocketOwner = owner;
    }

    /**
     * @return user to own the Unix socket file, or null for the process's user
     */
    public String getUnixDomainSocketOwner() {
        return this.unixDomainSocketOwner;
    }

    /**
     * @param group group (name or numeric id) of the Unix socket file, or null for the
     * process's group
     */
    public void setUnixDomainSocketGroup(String group) {
        this.unixDomainSocketGroup = group;
    }

    /**
     * @return group of the Unix socket file, or null for the process's group
     */
    public String getUnixDomainSocketGroup() {
        return this.unixDomainSocketGroup;
    }

    /**
     * @param allowedUsers users whose processes may connect to the Unix socket (comma
     * list of names or numeric ids, checked at accept with SO_PEERCRED), or null to let
     * in whoever the file's permissions let in
     */
    public void setUnixDomainSocketAllowedUsers(String allowedUsers) {
        this.allowedPeers = (allowedUsers == null || allowedUsers.isBlank()) ? null
                : UnixPeerAllowList.parse(allowedUsers);
    }

    /**
     * @return users whose processes may connect to the Unix socket, or null for no check
     */
    public String getUnixDomainSocketAllowedUsers() {
        UnixPeerAllowList peers = this.allowedPeers;
        return (peers != null) ? peers.toString() : null;
    }

    /**
     * @param allowList peers allowed to connect over TCP
     */
    public void setAllowList(ClientAllowList allowList) {
        this.allowList = allowList;
    }

    /**
     * @return peers allowed to connect over TCP
     */
    public ClientAllowList getAllowList() {
        return this.allowList;
    }

    void setStatistics(FcgiConnectorStatistics statistics) {
        this.statistics = statistics;
    }

    /**
     * @param waitQueueLimit requests that may wait for a busy pool before new ones get
     * 503; -1 for no limit
     */
    public void setWaitQueueLimit(int waitQueueLimit) {
        this.waitQueueLimit = waitQueueLimit;
    }

    /**
     * @return requests that may wait for a busy pool, -1 for no limit
     */
    public int getWaitQueueLimit() {
        return this.waitQueueLimit;
    }

    /**
     * @return connections accepted since start
     */
    public long getAcceptedConnections() {
        return this.acceptedConnections.sum();
    }

    /**
     * Connections open now. Unlike {@link #getConnectionCount()}, which reads the
     * connection limit latch and so also counts the slot the acceptor reserves while it
     * waits for the next connection, this counts sockets.
     * @return connections open now
     */
    public int getActiveConnections() {
        return (this.connections != null) ? this.connections.size() : 0;
    }

    /**
     * @return connections refused by the allow-list since start
     */
    public long getRefusedConnections() {
        return this.refusedConnections.sum();
    }

}
