package dev.fcgi.autoconfigure;

import dev.fcgi.tomcat.ClientAllowListException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an allow-list the FastCGI connector could not read at start-up.
 * {@code fcgi.allowed-clients} is checked when it is bound, so one that reaches the
 * connector comes from the {@code FCGI_WEB_SERVER_ADDRS} environment variable, which the
 * connector honours when the property is unset.
 */
class ClientAllowListFailureAnalyzer extends AbstractFailureAnalyzer<ClientAllowListException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ClientAllowListException cause) {
        String environment = System.getenv("FCGI_WEB_SERVER_ADDRS");
        String description = "The FastCGI client allow-list cannot be read: " + cause.getMessage() + ". It comes "
                + "from fcgi.allowed-clients, or, when that property is unset, from the FCGI_WEB_SERVER_ADDRS "
                + "environment variable" + ((environment != null) ? " (here '" + environment + "')." : ".");
        String action = "List the web servers' IP addresses or CIDR ranges, comma-separated (e.g. "
                + "10.0.0.5,192.168.1.0/24), or '*' to allow anyone on purpose, in fcgi.allowed-clients or "
                + "FCGI_WEB_SERVER_ADDRS. Names are not resolved.";
        return new FailureAnalysis(description, action, cause);
    }

}
