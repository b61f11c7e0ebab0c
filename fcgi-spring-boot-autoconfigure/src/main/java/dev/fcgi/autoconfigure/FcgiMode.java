package dev.fcgi.autoconfigure;

import java.util.Locale;

/**
 * How the FastCGI connector relates to Tomcat's HTTP connector.
 */
public enum FcgiMode {

    /** Tomcat's HTTP connector stays; a FastCGI connector is added beside it. */
    BESIDE,

    /** The only listener speaks FastCGI; no HTTP port is opened. */
    INSTEAD;

    /**
     * The mode as users write it in {@code fcgi.mode} and see it in the start-up line,
     * health and status page.
     * @return {@code beside} or {@code instead}, whatever the default locale
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

}
