package dev.fcgi.autoconfigure;

import dev.fcgi.tomcat.FcgiNioProtocol;
import org.apache.catalina.startup.Tomcat;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Serves the servlet application over FastCGI through Tomcat: on unless {@code fcgi.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnClass({ Tomcat.class, TomcatServletWebServerFactory.class, FcgiNioProtocol.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "fcgi.enabled", matchIfMissing = true)
@EnableConfigurationProperties(FcgiProperties.class)
public class FcgiAutoConfiguration {

    /**
     * Holds the connector once Tomcat has created it.
     * @param properties the bound settings
     * @return the holder
     */
    @Bean
    public FcgiConnectorHolder fcgiConnectorHolder(FcgiProperties properties) {
        return new FcgiConnectorHolder(properties.getMode());
    }

    /**
     * Adds or swaps in the FastCGI connector.
     * @param properties the bound settings
     * @param holder told about the connector
     * @param environment tells whether virtual threads are on ({@code spring.threads.virtual.enabled}, JDK 21+)
     * @return the customizer
     */
    @Bean
    public FcgiWebServerFactoryCustomizer fcgiWebServerFactoryCustomizer(FcgiProperties properties,
            FcgiConnectorHolder holder, Environment environment) {
        return new FcgiWebServerFactoryCustomizer(properties, holder, Threading.VIRTUAL.isActive(environment));
    }

    /**
     * Lets SIGUSR1, multiwatch's stop signal, stop the application gracefully when it accepts on an inherited
     * socket.
     * @return the installer
     */
    @Bean
    @ConditionalOnBooleanProperty("fcgi.inherit-channel")
    public static GracefulStopSignal fcgiGracefulStopSignal() {
        return new GracefulStopSignal();
    }

    /**
     * Logs the listener and publishes {@code local.fcgi.port}.
     * @param properties the bound settings
     * @return the listener
     */
    @Bean
    public static FcgiListenerPublisher fcgiListenerPublisher(FcgiProperties properties) {
        return new FcgiListenerPublisher(properties);
    }

}
