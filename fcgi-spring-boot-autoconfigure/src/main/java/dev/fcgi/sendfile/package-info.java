/**
 * Files served by the web server: a file-backed response body leaves the JVM as an
 * {@code X-Accel-Redirect} or {@code X-Sendfile} header naming the file, and the web
 * server sends the bytes (sendfile(2), ranges, conditional requests).
 */
package dev.fcgi.sendfile;
