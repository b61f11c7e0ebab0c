/**
 * The FastCGI 1.0 wire format: record headers and types, name-value pairs, an incremental
 * record parser, record framing for output streams and the CGI parameter names a
 * responder maps to a request.
 * <p>
 * This package depends on the JDK only, so it can be tested, fuzzed and benchmarked on
 * its own.
 */
package dev.fcgi.protocol;
