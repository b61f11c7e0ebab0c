package dev.fcgi.tomcat;

import java.nio.ByteBuffer;

import org.apache.tomcat.util.buf.ByteChunk;
import org.apache.tomcat.util.net.ApplicationBufferHandler;

/**
 * A body held in memory: gathered from STDIN up to the spill threshold, or set by the
 * servlet stack (a request body saved across a FORM login). Its array is kept across
 * requests and grows on demand, so small bodies allocate nothing once the connection has
 * seen one of their size.
 */
final class MemoryBody implements BodySource {

    private byte[] bytes = new byte[0];

    private int length;

    private boolean delivered;

    /**
     * Makes room for a body of a known length, so it is gathered without growing.
     * @param capacity bytes the body will have
     */
    void ensureCapacity(int capacity) {
        if (this.bytes.length < capacity) {
            this.bytes = new byte[capacity];
        }
    }

    /**
     * Appends a chunk, if it fits under the limit.
     * @param src where the chunk is
     * @param offset where it starts
     * @param count its length
     * @param limit most bytes the body may hold in memory
     * @return false, and nothing appended, when the chunk does not fit
     */
    boolean append(byte[] src, int offset, int count, int limit) {
        int needed = this.length + count;
        if (needed > limit) {
            return false;
        }
        if (this.bytes.length < needed) {
            byte[] grown = new byte[Math.min(limit, Math.max(needed, this.bytes.length * 2))];
            System.arraycopy(this.bytes, 0, grown, 0, this.length);
            this.bytes = grown;
        }
        System.arraycopy(src, offset, this.bytes, this.length, count);
        this.length = needed;
        return true;
    }

    /**
     * Replaces the body with the given bytes, unread.
     * @param body the new body
     */
    void replace(ByteChunk body) {
        int count = body.getLength();
        ensureCapacity(count);
        System.arraycopy(body.getBytes(), body.getStart(), this.bytes, 0, count);
        this.length = count;
        this.delivered = false;
    }

    /**
     * @return the bytes gathered so far, as a buffer over the body's array
     */
    ByteBuffer contents() {
        return ByteBuffer.wrap(this.bytes, 0, this.length);
    }

    /** Readies the gathered body to be read from its start. */
    void rewind() {
        this.delivered = false;
    }

    @Override
    public int doRead(ApplicationBufferHandler handler) {
        if (this.delivered || this.length == 0) {
            this.delivered = true;
            return -1;
        }
        this.delivered = true;
        handler.setByteBuffer(ByteBuffer.wrap(this.bytes, 0, this.length));
        return this.length;
    }

    @Override
    public int available() {
        return this.delivered ? 0 : this.length;
    }

    @Override
    public boolean isFinished() {
        return this.delivered;
    }

    @Override
    public void recycle() {
        this.length = 0;
        this.delivered = false;
    }

}
