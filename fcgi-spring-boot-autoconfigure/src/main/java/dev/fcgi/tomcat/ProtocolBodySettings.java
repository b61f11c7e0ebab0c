package dev.fcgi.tomcat;

import java.nio.file.Path;

/** The connector's body settings, read from its protocol as each request starts. */
final class ProtocolBodySettings implements StdinInputBuffer.Settings {

    private final FcgiNioProtocol protocol;

    /**
     * @param protocol the connector's protocol
     */
    ProtocolBodySettings(FcgiNioProtocol protocol) {
        this.protocol = protocol;
    }

    @Override
    public int spillThreshold() {
        return this.protocol.getSpillThreshold();
    }

    @Override
    public long maxBodySize() {
        return this.protocol.getMaxBodySize();
    }

    @Override
    public LargeBodyMode largeBodyMode() {
        return this.protocol.getLargeBodyMode();
    }

    @Override
    public Path spillDirectory() {
        return this.protocol.spillPath();
    }

    @Override
    public void bodySpilled() {
        this.protocol.getStatistics().bodySpilled();
    }

}
