package dev.fcgi.tomcat;

import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.LongAdder;

import org.apache.tomcat.util.net.NioEndpoint;

/**
 * Tomcat's NIO endpoint, with two additions for FastCGI deployments:
 * <ul>
 * <li>it counts the connections it accepts (how well the web server reuses connections shows here: with
 * keep-alive, this stays near the upstream's pool size);</li>
 * <li>an inherited listening socket (fd 0) may be a Unix domain socket, as spawn-fcgi {@code -s} and mod_fcgid
 * provide: Tomcat only expects TCP there, so the socket's path is adopted after binding (Unix socket handling
 * applies), but the file is never deleted on close (it belongs to whoever created it, and may be shared by sibling
 * processes).</li>
 * </ul>
 */
public class FcgiNioEndpoint extends NioEndpoint {

    private final LongAdder acceptedConnections = new LongAdder();

    private boolean adoptedInheritedPath;

    @Override
    public void bind() throws Exception {
        super.bind();
        if (getUseInheritedChannel() && getUnixDomainSocketPath() == null) {
            SocketAddress local = getServerSocket().getLocalAddress();
            if (local instanceof UnixDomainSocketAddress unix) {
                setUnixDomainSocketPath(unix.getPath().toString());
                this.adoptedInheritedPath = true;
            }
        }
    }

    @Override
    protected void doCloseServerSocket() throws java.io.IOException {
        if (!this.adoptedInheritedPath) {
            super.doCloseServerSocket();
            return;
        }
        // Tomcat deletes the socket file of a Unix socket it bound; this one it did not bind.
        String path = getUnixDomainSocketPath();
        setUnixDomainSocketPath(null);
        try {
            super.doCloseServerSocket();
        }
        finally {
            setUnixDomainSocketPath(path);
        }
    }

    @Override
    protected boolean setSocketOptions(SocketChannel socket) {
        this.acceptedConnections.increment();
        return super.setSocketOptions(socket);
    }

    /** @return connections accepted since start */
    public long getAcceptedConnections() {
        return this.acceptedConnections.sum();
    }

}
