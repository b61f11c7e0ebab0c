package dev.fcgi.tomcat;

/**
 * Percent-encodes a decoded path (CGI's SCRIPT_NAME and PATH_INFO) into the raw form
 * Tomcat expects of a request URI, so that Tomcat's own decoding gives the path back
 * unchanged. Left as they are: letters, digits, {@code /} and the characters a path
 * segment may hold without meaning anything else ({@code -._~!$&'()*+,=:@}); everything
 * else, {@code %}, {@code ;} (a path parameter to Tomcat), {@code ?}, {@code #}, spaces,
 * controls and every byte above 0x7F (UTF-8), becomes {@code %XX}.
 */
final class PathEncoding {

    private static final byte[] HEX = { '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E',
            'F' };

    private static final boolean[] KEPT = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            KEPT[c] = true;
            KEPT[c - 'a' + 'A'] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            KEPT[c] = true;
        }
        for (char c : "/-._~!$&'()*+,=:@".toCharArray()) {
            KEPT[c] = true;
        }
    }

    private PathEncoding() {
    }

    /**
     * Encodes {@code length} bytes of {@code src} into {@code dst}, which must have room
     * for three bytes per source byte.
     * @param src the decoded path
     * @param offset where it starts
     * @param length its length
     * @param dst where the encoded form goes
     * @param position where in {@code dst} it starts
     * @return the position after the last byte written
     */
    static int encode(byte[] src, int offset, int length, byte[] dst, int position) {
        int n = position;
        for (int i = offset; i < offset + length; i++) {
            int c = src[i] & 0xFF;
            if (c < 128 && KEPT[c]) {
                dst[n++] = (byte) c;
            }
            else {
                dst[n++] = '%';
                dst[n++] = HEX[c >> 4];
                dst[n++] = HEX[c & 0xF];
            }
        }
        return n;
    }

}
