package dev.fcgi.tomcat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HighWaterMarkTests {

    @Test
    void keepsTheLargestValueAndIgnoresLowerOnes() {
        HighWaterMark mark = new HighWaterMark();
        assertThat(mark.get()).isZero();
        mark.offer(3);
        mark.offer(1);
        assertThat(mark.get()).isEqualTo(3);
        mark.offer(7);
        assertThat(mark.get()).isEqualTo(7);
    }

    @Test
    void concurrentOffersEndAtTheLargest() throws Exception {
        HighWaterMark mark = new HighWaterMark();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int offset = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 100_000; i++) {
                    mark.offer(i * 4 + offset);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(mark.get()).isEqualTo(99_999 * 4 + 3);
    }

}
