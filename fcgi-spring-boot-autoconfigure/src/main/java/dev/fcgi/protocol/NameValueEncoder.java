package dev.fcgi.protocol;

import java.nio.ByteBuffer;

/**
 * Writes name-value pairs with 1-byte lengths for up to 127 bytes and 4-byte lengths
 * above.
 */
public final class NameValueEncoder {

    private NameValueEncoder() {
    }

    /**
     * Bytes one pair takes on the wire.
     * @param nameLength name length
     * @param valueLength value length
     * @return encoded size
     */
    public static int encodedLength(int nameLength, int valueLength) {
        return lengthSize(nameLength) + lengthSize(valueLength) + nameLength + valueLength;
    }

    /**
     * Appends one pair.
     * @param out where to write; must have room for {@link #encodedLength(int, int)}
     * bytes
     * @param name the name bytes
     * @param value the value bytes
     */
    public static void encode(ByteBuffer out, byte[] name, byte[] value) {
        putLength(out, name.length);
        putLength(out, value.length);
        out.put(name);
        out.put(value);
    }

    private static int lengthSize(int length) {
        return (length < 0x80) ? 1 : 4;
    }

    private static void putLength(ByteBuffer out, int length) {
        if (length < 0x80) {
            out.put((byte) length);
        }
        else {
            out.putInt(length | 0x80000000);
        }
    }

}
