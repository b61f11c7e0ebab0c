/**
 * Actuator support for the FastCGI connector: the {@code fcgi} health contributor (in the readiness group), the
 * {@code fcgi} status endpoint with PHP-FPM's status-page figures, Micrometer meters, and the drain step that turns
 * the health OUT_OF_SERVICE before the listener closes on shutdown.
 */
package dev.fcgi.actuate;
