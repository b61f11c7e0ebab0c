package dev.fcgi.tomcat;

/**
 * Told about every FastCGI request that ends, on the thread that ended it.
 * Implementations must be cheap: they run on the request path (the actuator's one records
 * a Micrometer timer).
 */
@FunctionalInterface
public interface FcgiRequestListener {

    /**
     * A request ended.
     * @param status the HTTP status sent
     * @param durationNanos time from BEGIN_REQUEST to END_REQUEST
     */
    void requestEnded(int status, long durationNanos);

}
