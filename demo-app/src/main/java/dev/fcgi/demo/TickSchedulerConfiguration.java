package dev.fcgi.demo;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The scheduler that paces timed events (the server-sent ticks of {@code GET /sse}), so
 * that no request thread sleeps between them.
 */
@Configuration(proxyBeanMethods = false)
public class TickSchedulerConfiguration {

    /**
     * A small scheduler for timed events, stopped with the application context.
     * @return the scheduler
     */
    @Bean
    public ThreadPoolTaskScheduler tickScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(2);
        scheduler.setThreadNamePrefix("tick-");
        scheduler.setWaitForTasksToCompleteOnShutdown(false);
        return scheduler;
    }

}
