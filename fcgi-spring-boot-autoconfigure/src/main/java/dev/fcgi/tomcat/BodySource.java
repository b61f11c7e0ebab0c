package dev.fcgi.tomcat;

import java.io.IOException;

import org.apache.tomcat.util.net.ApplicationBufferHandler;

/**
 * Where the application reads a request's body from: memory, a spill file, or the STDIN
 * records as they arrive. Each kind is one small class, shaped like Tomcat's input
 * filters; {@link StdinInputBuffer} picks one per request.
 */
interface BodySource {

    /** A request without a body (or whose body is not read, such as a refused one). */
    BodySource NONE = new BodySource() {

        @Override
        public int doRead(ApplicationBufferHandler handler) {
            return -1;
        }

        @Override
        public int available() {
            return 0;
        }

        @Override
        public boolean isFinished() {
            return true;
        }

        @Override
        public void recycle() {
        }

    };

    /**
     * Hands the next bytes of the body to the application.
     * @param handler takes the buffer the bytes are in
     * @return bytes handed over, or -1 at the end of the body
     * @throws IOException when the body cannot be read
     */
    int doRead(ApplicationBufferHandler handler) throws IOException;

    /**
     * @return bytes that can be read without blocking (for the stream, 1 when some may
     * be)
     */
    int available();

    /**
     * @return whether the application has read the whole body
     */
    boolean isFinished();

    /** Forgets the request's body, for the next request. */
    void recycle();

}
