package dev.fcgi.sendfile;

import java.nio.charset.StandardCharsets;

/**
 * The response headers web servers read to send a file in the application's place, and
 * how each names the file.
 */
public enum SendfileType {

    /**
     * nginx: the header names a URI of an {@code internal} location; percent-encoded
     * (nginx 1.5.9+ decodes it).
     */
    X_ACCEL_REDIRECT("X-Accel-Redirect", true),

    /**
     * lighttpd ({@code "x-sendfile" => "enable"}), Apache mod_xsendfile: the header names
     * the file's path.
     */
    X_SENDFILE("X-Sendfile", false),

    /** lighttpd's own name for {@link #X_SENDFILE}: the header names the file's path. */
    X_LIGHTTPD_SEND_FILE("X-LIGHTTPD-send-file", false);

    private final String headerName;

    private final boolean uri;

    SendfileType(String headerName, boolean uri) {
        this.headerName = headerName;
        this.uri = uri;
    }

    /**
     * The response header.
     * @return such as {@code X-Accel-Redirect}
     */
    public String headerName() {
        return this.headerName;
    }

    /**
     * The header's value for a mapped location.
     * @param mapped the file's location as the web server knows it: a URI path or a file
     * path
     * @return the value, percent-encoded for a URI
     */
    public String headerValue(String mapped) {
        return this.uri ? encodePath(mapped) : mapped;
    }

    /**
     * Reads an announcement ({@code X-Sendfile-Type} request header), case-insensitively.
     * @param announced the header's value, may be null
     * @return the type, or null when absent or not one of these
     */
    public static SendfileType fromHeaderName(String announced) {
        if (announced == null) {
            return null;
        }
        String name = announced.trim();
        for (SendfileType type : values()) {
            if (type.headerName.equalsIgnoreCase(name)) {
                return type;
            }
        }
        return null;
    }

    private static String encodePath(String path) {
        StringBuilder out = new StringBuilder(path.length() + 16);
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '-'
                    || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            }
            else {
                out.append('%')
                    .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                    .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

}
