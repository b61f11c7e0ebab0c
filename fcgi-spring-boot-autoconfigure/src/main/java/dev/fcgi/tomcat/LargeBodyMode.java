package dev.fcgi.tomcat;

/**
 * What happens to a request body above the spill threshold, or of unknown length.
 */
public enum LargeBodyMode {

    /**
     * Dispatch at once; the application reads the body as STDIN records arrive, so
     * neither memory nor disk grows (mod_proxy_fcgi's way).
     */
    STREAM,

    /**
     * Write the body to a temporary file, dispatch when it is complete, delete the file
     * when the request ends (mod_fcgid's way).
     */
    SPILL

}
