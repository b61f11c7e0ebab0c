package dev.fcgi.autoconfigure;

import dev.fcgi.tomcat.OpenListenerException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a refusal to open the FastCGI listener on a non-loopback address with no
 * allow-list, and the settings that fix it.
 */
class OpenListenerFailureAnalyzer extends AbstractFailureAnalyzer<OpenListenerException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, OpenListenerException cause) {
        String description = "The FastCGI listener would accept connections on " + cause.getAddress()
                + " (fcgi.address) from any host, but no allow-list says who may connect: fcgi.allowed-clients is "
                + "unset and so is the FCGI_WEB_SERVER_ADDRS environment variable. FastCGI has no authentication: "
                + "whoever reaches the port can claim any client address, HTTPS or REMOTE_USER.";
        String action = "Set fcgi.allowed-clients to the web servers' IP addresses or CIDR ranges, e.g. "
                + "fcgi.allowed-clients=10.0.0.5,10.0.1.0/24 ('*' allows anyone, on purpose), or keep "
                + "fcgi.address=127.0.0.1 (the default) with the web server on this host, or listen on a Unix socket "
                + "with fcgi.unix-socket.path.";
        return new FailureAnalysis(description, action, cause);
    }

}
