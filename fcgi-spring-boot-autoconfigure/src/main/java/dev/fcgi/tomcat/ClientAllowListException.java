package dev.fcgi.tomcat;

/**
 * Thrown when a client allow-list ({@code fcgi.allowed-clients}, or the specification's
 * {@code FCGI_WEB_SERVER_ADDRS}) has an entry that is neither an IP address, a CIDR range
 * nor {@code *}, or names nobody at all.
 */
public class ClientAllowListException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String entry;

    /**
     * Creates the exception.
     * @param message what is wrong with the entry
     * @param entry the offending entry, or the whole list when it is empty
     * @param cause the underlying parse failure, or null
     */
    public ClientAllowListException(String message, String entry, Throwable cause) {
        super(message, cause);
        this.entry = entry;
    }

    /**
     * @return the offending entry, or the whole list when it names nobody
     */
    public String getEntry() {
        return this.entry;
    }

}
