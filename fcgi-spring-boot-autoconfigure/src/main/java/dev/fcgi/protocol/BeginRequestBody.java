package dev.fcgi.protocol;

/**
 * Reads the 8-byte body of a BEGIN_REQUEST record: a 2-byte role and a flags byte.
 */
public final class BeginRequestBody {

    private BeginRequestBody() {
    }

    /**
     * @param b the array holding the body
     * @param offset where it starts
     * @return the role, such as {@link FcgiConstants#ROLE_RESPONDER}
     */
    public static int role(byte[] b, int offset) {
        return ((b[offset] & 0xFF) << 8) | (b[offset + 1] & 0xFF);
    }

    /**
     * @param b the array holding the body
     * @param offset where it starts
     * @return true if {@link FcgiConstants#FLAG_KEEP_CONN} is set
     */
    public static boolean keepConnection(byte[] b, int offset) {
        return (b[offset + 2] & FcgiConstants.FLAG_KEEP_CONN) != 0;
    }

}
