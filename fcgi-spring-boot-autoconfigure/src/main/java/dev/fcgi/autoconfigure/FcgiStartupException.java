package dev.fcgi.autoconfigure;

/**
 * A start-up refusal of the FastCGI starter that carries its own explanation: what is wrong (naming the properties
 * involved) and what to do, shown by Boot as a failure analysis.
 */
public class FcgiStartupException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String description;

    private final String action;

    /**
     * Creates the exception.
     * @param description what is wrong, naming the properties involved
     * @param action what to change
     */
    public FcgiStartupException(String description, String action) {
        this(description, action, null);
    }

    /**
     * Creates the exception.
     * @param description what is wrong, naming the properties involved
     * @param action what to change
     * @param cause the underlying failure, or null
     */
    public FcgiStartupException(String description, String action, Throwable cause) {
        super(description + " " + action, cause);
        this.description = description;
        this.action = action;
    }

    /** @return what is wrong */
    public String getDescription() {
        return this.description;
    }

    /** @return what to change */
    public String getAction() {
        return this.action;
    }

}
