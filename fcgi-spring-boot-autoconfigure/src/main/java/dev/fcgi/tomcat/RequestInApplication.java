package dev.fcgi.tomcat;

/**
 * A connection's processor that can say whether its current request is in the
 * application: handed over and not ended. The endpoint finds it as the connection's
 * current processor, without knowing its class; a graceful shutdown asks it from the
 * shutdown thread, so the answer must be safe to read from any thread.
 */
interface RequestInApplication {

    /**
     * @return whether the current request was handed to the application and has not ended
     */
    boolean isInApplication();

}
