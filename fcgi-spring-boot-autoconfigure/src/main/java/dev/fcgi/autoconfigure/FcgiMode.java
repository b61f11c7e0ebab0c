package dev.fcgi.autoconfigure;

/**
 * How the FastCGI connector relates to Tomcat's HTTP connector.
 */
public enum FcgiMode {

    /** Tomcat's HTTP connector stays; a FastCGI connector is added beside it. */
    BESIDE,

    /** The only listener speaks FastCGI; no HTTP port is opened. */
    INSTEAD

}
