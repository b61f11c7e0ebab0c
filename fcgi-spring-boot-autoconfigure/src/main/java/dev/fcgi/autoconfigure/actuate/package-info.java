/**
 * Auto-configuration of the actuator support for the FastCGI connector: the beans of
 * {@link dev.fcgi.actuate} (health contributor, status endpoint, meters, shutdown drain
 * step), and the health group post-processors that put the {@code fcgi} contributor in
 * the readiness group and answer {@code /actuator/health/fcgi} in an application that
 * shows no health components.
 */
package dev.fcgi.autoconfigure.actuate;
