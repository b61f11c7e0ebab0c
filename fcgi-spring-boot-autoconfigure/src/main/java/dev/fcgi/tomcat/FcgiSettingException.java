package dev.fcgi.tomcat;

/**
 * A FastCGI setting the connector cannot start with: names the property at fault, says
 * what is wrong with it and what to do, so that the refusal can be reported in those
 * terms (a failure analysis, a log line).
 */
public class FcgiSettingException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String property;

    private final String description;

    private final String action;

    /**
     * Creates the exception.
     * @param property the property at fault, such as {@code fcgi.unix-socket.path}
     * @param description what is wrong, naming the property and its value
     * @param action what the user should do
     * @param cause the underlying failure, or null
     */
    public FcgiSettingException(String property, String description, String action, Throwable cause) {
        super(description + " " + action, cause);
        this.property = property;
        this.description = description;
        this.action = action;
    }

    /**
     * Creates the exception without an underlying failure.
     * @param property the property at fault, such as {@code fcgi.unix-socket.path}
     * @param description what is wrong, naming the property and its value
     * @param action what the user should do
     */
    public FcgiSettingException(String property, String description, String action) {
        this(property, description, action, null);
    }

    /**
     * @return the property at fault, such as {@code fcgi.unix-socket.path}
     */
    public String getProperty() {
        return this.property;
    }

    /**
     * @return what is wrong, naming the property and its value
     */
    public String getDescription() {
        return this.description;
    }

    /**
     * @return what the user should do
     */
    public String getAction() {
        return this.action;
    }

}
