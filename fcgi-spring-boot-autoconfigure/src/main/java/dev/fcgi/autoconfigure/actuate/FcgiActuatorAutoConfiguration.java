package dev.fcgi.autoconfigure.actuate;

import dev.fcgi.actuate.FcgiEndpoint;
import dev.fcgi.actuate.FcgiHealthIndicator;
import dev.fcgi.actuate.FcgiMetrics;
import dev.fcgi.actuate.FcgiShutdownDrain;
import dev.fcgi.autoconfigure.FcgiAutoConfiguration;
import dev.fcgi.autoconfigure.FcgiConnectorHolder;
import dev.fcgi.autoconfigure.FcgiProperties;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Actuator support for the FastCGI connector, when the actuator is on the classpath: the
 * {@code fcgi} health contributor (in the readiness group) with its shutdown drain step,
 * the {@code fcgi} status endpoint, and the {@code fcgi.*} Micrometer meters.
 */
@AutoConfiguration(after = FcgiAutoConfiguration.class,
        afterName = { "org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration",
                "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration" })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(FcgiConnectorHolder.class)
public class FcgiActuatorAutoConfiguration {

    /** The health contributor's name: {@code /actuator/health/fcgi}. */
    public static final String HEALTH_CONTRIBUTOR = "fcgi";

    /**
     * The shutdown drain step, shared by the health contributor and the endpoint.
     * @param holder the application's FastCGI connector
     * @param properties for {@code fcgi.shutdown.drain-delay}
     * @return the drain step
     */
    @Bean
    @ConditionalOnMissingBean
    public FcgiShutdownDrain fcgiShutdownDrain(FcgiConnectorHolder holder, FcgiProperties properties) {
        return new FcgiShutdownDrain(() -> holder.getConnector().orElse(null),
                properties.getShutdown().getDrainDelay());
    }

    /**
     * The status endpoint.
     * @param holder the application's FastCGI connector
     * @param drain the drain step
     * @return the endpoint
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(FcgiEndpoint.class)
    public FcgiEndpoint fcgiEndpoint(FcgiConnectorHolder holder, ObjectProvider<FcgiShutdownDrain> drain) {
        return new FcgiEndpoint(() -> holder.getConnector().orElse(null), holder.getMode().label(),
                drain.getIfAvailable());
    }

    /**
     * The health contributor and its readiness-group membership.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator(HEALTH_CONTRIBUTOR)
    static class FcgiHealthConfiguration {

        /**
         * The {@code fcgi} health contributor.
         * @param holder the application's FastCGI connector
         * @param drain the drain step
         * @return the indicator
         */
        @Bean(name = "fcgiHealthIndicator")
        @ConditionalOnMissingBean(name = "fcgiHealthIndicator")
        FcgiHealthIndicator fcgiHealthIndicator(FcgiConnectorHolder holder, ObjectProvider<FcgiShutdownDrain> drain) {
            return new FcgiHealthIndicator(() -> holder.getConnector().orElse(null), holder.getMode().label(),
                    drain.getIfAvailable());
        }

        /**
         * Puts the contributor in the readiness group.
         * @param environment to respect a readiness group configured by the application
         * @return the post-processor
         */
        @Bean
        static FcgiReadinessGroupPostProcessor fcgiReadinessGroupPostProcessor(Environment environment) {
            return new FcgiReadinessGroupPostProcessor(environment, HEALTH_CONTRIBUTOR);
        }

        /**
         * Makes {@code /actuator/health/fcgi} answer its status in an application that
         * shows no health components.
         * @param environment to respect how the application chose to show health
         * components
         * @return the post-processor
         */
        @Bean
        static FcgiHealthGroupPostProcessor fcgiHealthGroupPostProcessor(Environment environment) {
            return new FcgiHealthGroupPostProcessor(environment, HEALTH_CONTRIBUTOR);
        }

    }

    /**
     * The Micrometer meters, bound to every registry by Boot.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class FcgiMetricsConfiguration {

        /**
         * The meters.
         * @param holder the application's FastCGI connector
         * @return the binder
         */
        @Bean
        @ConditionalOnMissingBean
        FcgiMetrics fcgiMetrics(FcgiConnectorHolder holder) {
            return new FcgiMetrics(() -> holder.getProtocol().orElse(null));
        }

    }

}
