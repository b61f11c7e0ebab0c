package dev.fcgi.tomcat;

import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.LongAdder;

import org.apache.tomcat.util.net.NioEndpoint;

/**
 * Tomcat's NIO endpoint, counting the connections it accepts (how well the web server reuses its connections shows
 * here: with keep-alive, this stays near the upstream's pool size).
 */
public class FcgiNioEndpoint extends NioEndpoint {

    private final LongAdder acceptedConnections = new LongAdder();

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
