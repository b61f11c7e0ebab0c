package dev.fcgi.tomcat;

/**
 * Thrown before start-up when the FastCGI connector would listen on a TCP address other
 * clients can reach while only loopback clients are allowed: FastCGI has no
 * authentication, so such a listener must be opened on purpose with an allow-list naming
 * the web servers.
 */
public class OpenListenerException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String address;

    /**
     * Creates the exception.
     * @param address the address the listener would bind, as shown to the user
     * ({@code 0.0.0.0}, {@code 192.0.2.7})
     */
    public OpenListenerException(String address) {
        super("The FastCGI connector would listen on " + address + " but only loopback clients are allowed by "
                + "default. FastCGI has no authentication: whoever reaches the port can claim any client address, "
                + "HTTPS or REMOTE_USER. Set fcgi.allowed-clients to the web servers' addresses or CIDR ranges (or '*' "
                + "to allow anyone, on purpose), or listen on loopback or a Unix socket.");
        this.address = address;
    }

    /**
     * @return the address the listener would have bound
     */
    public String getAddress() {
        return this.address;
    }

}
