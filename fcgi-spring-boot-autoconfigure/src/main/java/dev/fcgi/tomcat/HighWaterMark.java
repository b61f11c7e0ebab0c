package dev.fcgi.tomcat;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The largest value seen so far, updated without locks from many threads. A value not
 * above the mark costs one volatile read and no write, so it can sit on the per-request
 * path.
 */
final class HighWaterMark {

    private final AtomicInteger mark = new AtomicInteger();

    /**
     * @param value a value just observed; raises the mark if it is higher
     */
    void offer(int value) {
        if (value > this.mark.get()) {
            this.mark.accumulateAndGet(value, Math::max);
        }
    }

    /**
     * @return the largest value offered since creation (0 if none was positive)
     */
    int get() {
        return this.mark.get();
    }

}
