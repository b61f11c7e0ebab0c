/**
 * Actuator support for the FastCGI connector: the {@code fcgi} health contributor, the
 * {@code fcgi} status endpoint with PHP-FPM's status-page figures, Micrometer meters, and
 * the drain step that turns the health OUT_OF_SERVICE before the listener closes on
 * shutdown.
 * <p>
 * These are the runtime classes; they are given the connector and know nothing of the
 * auto-configuration, which lives in {@code dev.fcgi.autoconfigure.actuate} (with the
 * readiness group membership).
 */
package dev.fcgi.actuate;
