package dev.fcgi.protocol;

import java.io.IOException;

/**
 * Input that breaks the FastCGI 1.0 wire format. The connection it arrived on cannot be
 * trusted to stay in step and should be closed.
 */
public class FcgiProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message what was wrong, with the offending values
     */
    public FcgiProtocolException(String message) {
        super(message);
    }

}
