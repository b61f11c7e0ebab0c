package dev.fcgi.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import org.springframework.beans.factory.InitializingBean;

/**
 * Makes SIGUSR1 stop the application the way SIGTERM does: shutdown hooks run, so Spring
 * Boot's graceful shutdown lets requests in flight finish. multiwatch, when it is told to
 * stop, sends its children SIGUSR1 (its default {@code --signal}), and the JVM's own
 * reaction to SIGUSR1 is to die at once, cutting those requests. Installed when the
 * application accepts on an inherited socket ({@code fcgi.inherit-channel=true}), and
 * only if nothing else in the JVM handles SIGUSR1 already. The exit status is 143, as
 * after SIGTERM.
 * <p>
 * Spring Boot offers no way to react to signals other than through the JVM's shutdown
 * hooks, so this uses the JDK's {@code sun.misc.Signal} (module {@code jdk.unsupported},
 * available in every JDK since 9).
 */
public class GracefulStopSignal implements InitializingBean {

    private static final Log log = LogFactory.getLog(GracefulStopSignal.class);

    /** The signal multiwatch sends its children by default when it stops. */
    static final String SIGNAL = "USR1";

    /** Exit status after the stop, as a JVM stopped by SIGTERM reports it (128 + 15). */
    static final int EXIT_STATUS = 143;

    private static final SignalHandler STOP = GracefulStopSignal::stop;

    private boolean installed;

    @Override
    public void afterPropertiesSet() {
        this.installed = install();
    }

    /**
     * @return whether SIGUSR1 now stops the application gracefully
     */
    public boolean isInstalled() {
        return this.installed;
    }

    private static boolean install() {
        Signal signal = new Signal(SIGNAL);
        SignalHandler previous;
        try {
            previous = Signal.handle(signal, STOP);
        }
        catch (IllegalArgumentException ex) {
            // the JVM uses the signal itself (or was started with -Xrs)
            log.debug("SIGUSR1 cannot be handled in this JVM: " + ex.getMessage());
            return false;
        }
        if (previous != SignalHandler.SIG_DFL && previous != STOP) {
            Signal.handle(signal, previous);
            log.debug("SIGUSR1 is handled by " + previous + " already; left to it");
            return false;
        }
        log.debug("SIGUSR1 (multiwatch's stop signal) stops the application gracefully");
        return true;
    }

    private static void stop(Signal signal) {
        log.info("SIG" + signal.getName() + " received: stopping gracefully, as on SIGTERM");
        System.exit(EXIT_STATUS);
    }

}
