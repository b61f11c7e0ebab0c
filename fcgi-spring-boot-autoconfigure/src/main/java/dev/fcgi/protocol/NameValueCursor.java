package dev.fcgi.protocol;

/**
 * Walks the name-value pairs of a PARAMS or GET_VALUES body in place, without allocating:
 * each step exposes the offsets and lengths of one name and value in the caller's array.
 * <p>
 * Lengths are 1 byte (high bit clear, up to 127) or 4 bytes (high bit set, up to 2^31-1).
 * A length that runs past the end of the body is rejected before anything is read or
 * allocated for it.
 */
public final class NameValueCursor {

    private byte[] data;

    private int position;

    private int end;

    private int nameOffset;

    private int nameLength;

    private int valueOffset;

    private int valueLength;

    /**
     * Points the cursor at a body.
     * @param data the array holding the body
     * @param offset where the body starts
     * @param length body length in bytes
     * @return this cursor
     */
    public NameValueCursor reset(byte[] data, int offset, int length) {
        this.data = data;
        this.position = offset;
        this.end = offset + length;
        return this;
    }

    /**
     * Moves to the next pair.
     * @return false when the body is exhausted
     * @throws FcgiProtocolException if a length is truncated or runs past the end of the
     * body
     */
    public boolean next() throws FcgiProtocolException {
        if (this.position >= this.end) {
            return false;
        }
        this.nameLength = readLength();
        this.valueLength = readLength();
        long available = (long) this.end - this.position;
        if ((long) this.nameLength + this.valueLength > available) {
            throw new FcgiProtocolException("Name-value pair of " + this.nameLength + "+" + this.valueLength
                    + " bytes runs past the end of its " + (this.end - this.position) + " remaining bytes");
        }
        this.nameOffset = this.position;
        this.valueOffset = this.nameOffset + this.nameLength;
        this.position = this.valueOffset + this.valueLength;
        return true;
    }

    private int readLength() throws FcgiProtocolException {
        if (this.position >= this.end) {
            throw new FcgiProtocolException("Name-value length missing at end of body");
        }
        int first = this.data[this.position] & 0xFF;
        if ((first & 0x80) == 0) {
            this.position++;
            return first;
        }
        if (this.end - this.position < 4) {
            throw new FcgiProtocolException("Truncated 4-byte name-value length");
        }
        int length = ((first & 0x7F) << 24) | ((this.data[this.position + 1] & 0xFF) << 16)
                | ((this.data[this.position + 2] & 0xFF) << 8) | (this.data[this.position + 3] & 0xFF);
        this.position += 4;
        return length;
    }

    /**
     * @return the array the body is in
     */
    public byte[] data() {
        return this.data;
    }

    /**
     * @return offset of the current name
     */
    public int nameOffset() {
        return this.nameOffset;
    }

    /**
     * @return length of the current name
     */
    public int nameLength() {
        return this.nameLength;
    }

    /**
     * @return offset of the current value
     */
    public int valueOffset() {
        return this.valueOffset;
    }

    /**
     * @return length of the current value
     */
    public int valueLength() {
        return this.valueLength;
    }

    /**
     * Compares the current name with an ASCII name.
     * @param ascii the name to compare with, as ASCII bytes
     * @return true if equal, byte for byte
     */
    public boolean nameEquals(byte[] ascii) {
        if (ascii.length != this.nameLength) {
            return false;
        }
        for (int i = 0; i < this.nameLength; i++) {
            if (this.data[this.nameOffset + i] != ascii[i]) {
                return false;
            }
        }
        return true;
    }

}
