package dev.fcgi.autoconfigure;

import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Logs, once the application's beans exist, a WARN line saying why FastCGI is not served
 * and what to do about it.
 */
public class FcgiInactiveWarning implements SmartInitializingSingleton {

    private static final Log logger = LogFactory.getLog(FcgiInactiveWarning.class);

    private final Supplier<String> message;

    /**
     * Creates the warning.
     * @param message the reason and the fix, worked out when the beans exist
     */
    FcgiInactiveWarning(Supplier<String> message) {
        this.message = message;
    }

    @Override
    public void afterSingletonsInstantiated() {
        logger.warn(this.message.get());
    }

}
