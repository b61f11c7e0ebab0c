/**
 * FastCGI as a Tomcat Coyote protocol, the way Tomcat serves AJP: {@link dev.fcgi.tomcat.FcgiNioProtocol} runs on
 * Tomcat's {@code NioEndpoint} (TCP, Unix domain socket or an inherited listening socket) and
 * {@link dev.fcgi.tomcat.FcgiProcessor} turns FastCGI records into Coyote requests for the servlet stack.
 */
package dev.fcgi.tomcat;
