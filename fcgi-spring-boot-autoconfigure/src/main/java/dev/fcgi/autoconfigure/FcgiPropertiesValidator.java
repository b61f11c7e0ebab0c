package dev.fcgi.autoconfigure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.fcgi.tomcat.ClientAllowList;
import dev.fcgi.tomcat.ClientAllowListException;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Checks bound {@code fcgi.*} values that Tomcat would reject late, obscurely or not at
 * all (a pool of 0 workers, a negative port, a malformed allow-list, a negative body
 * limit), so that the application refuses to start with Boot's failure analysis naming
 * the property, its origin and the fix.
 */
final class FcgiPropertiesValidator {

    private FcgiPropertiesValidator() {
    }

    /**
     * Validates the bound settings.
     * @param p the settings
     * @throws InvalidConfigurationPropertyValueException for the first value that cannot
     * work
     */
    static void validate(FcgiProperties p) {
        if (p.getPort() < 0 || p.getPort() > 65535) {
            refuse("fcgi.port", p.getPort(), "A TCP port is 1 to 65535, or 0 for any free port (published as "
                    + "local.fcgi.port). To listen on a Unix socket set fcgi.unix-socket.path instead; to accept on an "
                    + "inherited socket set fcgi.inherit-channel=true.");
        }
        validateAddress(p.getAddress());
        validateAllowedClients(p.getAllowedClients());
        validateUnixSocketPermissions(p.getUnixSocket().getPermissions());
        validatePool(p.getPool());
        if (p.getMaxConnections() != -1 && p.getMaxConnections() < 1) {
            refuse("fcgi.max-connections", p.getMaxConnections(),
                    "Set at least 1 connection held at once, or -1 for no limit.");
        }
        if (p.getAcceptCount() < 0) {
            refuse("fcgi.accept-count", p.getAcceptCount(), "The listen backlog cannot be negative; set 1 or more.");
        }
        notNegative("fcgi.connection-timeout", p.getConnectionTimeout());
        notNegative("fcgi.keep-alive-timeout", p.getKeepAliveTimeout());
        notNegative("fcgi.slow-request-threshold", p.getSlowRequestThreshold());
        notNegative("fcgi.shutdown.drain-delay", p.getShutdown().getDrainDelay());
        if (p.getOutput().getBufferSize() == null || p.getOutput().getBufferSize().toBytes() < 1) {
            refuse("fcgi.output.buffer-size", p.getOutput().getBufferSize(),
                    "The output buffer needs at least 1 byte (8KB is the default; fcgi.output.flush=always sends "
                            + "every write at once instead).");
        }
        validateRequest(p.getRequest());
    }

    private static void validateAddress(String address) {
        if (address == null || address.isBlank()) {
            refuse("fcgi.address", address,
                    "Set the address to bind, e.g. 127.0.0.1 (the default), or remove the " + "property.");
        }
        try {
            InetAddress.getByName(address);
        }
        catch (UnknownHostException ex) {
            refuse("fcgi.address", address, "It is not an address of this host and cannot be resolved. Set an IP "
                    + "address of this host, e.g. 127.0.0.1.");
        }
    }

    private static void validateAllowedClients(List<String> allowedClients) {
        if (allowedClients == null || allowedClients.isEmpty()) {
            return;
        }
        String list = String.join(",", allowedClients);
        try {
            ClientAllowList.parse(list);
        }
        catch (ClientAllowListException ex) {
            refuse("fcgi.allowed-clients", list, ex.getMessage() + ". List the web servers' IP addresses or CIDR "
                    + "ranges, comma-separated (e.g. 10.0.0.5,192.168.1.0/24), or '*' to allow anyone on purpose.");
        }
    }

    private static void validateUnixSocketPermissions(String permissions) {
        try {
            PosixFilePermissions.fromString(permissions);
        }
        catch (IllegalArgumentException | NullPointerException ex) {
            refuse("fcgi.unix-socket.permissions", permissions, "Write the mode as 'ls -l' shows it, nine "
                    + "characters: e.g. rw-rw---- (the default, 0660) or rw-rw-rw- (0666).");
        }
    }

    private static void validatePool(FcgiProperties.Pool pool) {
        if (pool.getSize() < 1) {
            refuse("fcgi.pool.size", pool.getSize(), "At least 1 worker thread is needed to serve requests; the "
                    + "default is 200 (PHP-FPM's pm.max_children).");
        }
        if (pool.getMinSpare() < 0) {
            refuse("fcgi.pool.min-spare", pool.getMinSpare(), "Workers kept ready cannot be negative; set 0 or more.");
        }
        if (pool.getQueueSize() != null && pool.getQueueSize() < -1) {
            refuse("fcgi.pool.queue-size", pool.getQueueSize(),
                    "Set how many requests may wait for a worker (0 or more), or -1 (or leave it unset) for no limit.");
        }
    }

    private static void validateRequest(FcgiProperties.Request request) {
        notNegative("fcgi.request.spill-threshold", request.getSpillThreshold(), false);
        notNegative("fcgi.request.max-body-size", request.getMaxBodySize(), true);
        if (request.getMaxParamsSize() == null || request.getMaxParamsSize().toBytes() < 1) {
            refuse("fcgi.request.max-params-size", request.getMaxParamsSize(),
                    "Set the largest PARAMS stream accepted, e.g. 64KB (the default).");
        }
        if (request.getAttributesPattern() != null) {
            try {
                Pattern.compile(request.getAttributesPattern());
            }
            catch (PatternSyntaxException ex) {
                refuse("fcgi.request.attributes-pattern", request.getAttributesPattern(),
                        "It is not a valid regular expression: " + ex.getDescription() + " near index " + ex.getIndex()
                                + ".");
            }
        }
    }

    private static void notNegative(String name, Duration value) {
        if (value != null && value.isNegative()) {
            refuse(name, value, "A duration cannot be negative; set 0 or more (e.g. 30s).");
        }
    }

    private static void notNegative(String name, DataSize value, boolean minusOneIsNoLimit) {
        if (value == null) {
            refuse(name, null, "Set a size such as 64KB or 100MB.");
        }
        long bytes = value.toBytes();
        if (bytes >= 0 || (minusOneIsNoLimit && bytes == -1)) {
            return;
        }
        refuse(name, value,
                minusOneIsNoLimit
                        ? "A size cannot be negative: set one such as 100MB, or -1 (exactly) " + "for no limit."
                        : "A size cannot be negative: set 0 or more, such as 64KB.");
    }

    private static void refuse(String name, Object value, String reason) {
        throw new InvalidConfigurationPropertyValueException(name, value, reason);
    }

}
