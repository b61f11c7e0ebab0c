package dev.fcgi.autoconfigure;

import dev.fcgi.tomcat.FcgiNioProtocol;
import org.apache.catalina.startup.Tomcat;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Serves the servlet application over FastCGI through Tomcat: on unless
 * {@code fcgi.enabled=false}, and only when the application's web server is Tomcat (with
 * Jetty, or in a reactive application, {@link FcgiInactiveAutoConfiguration} says why
 * FastCGI is off).
 */
@AutoConfiguration(afterName = { FcgiAutoConfiguration.TOMCAT_SERVLET_AUTO_CONFIGURATION,
        FcgiAutoConfiguration.JETTY_SERVLET_AUTO_CONFIGURATION })
@ConditionalOnClass({ Tomcat.class, TomcatServletWebServerFactory.class, FcgiNioProtocol.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "fcgi.enabled", matchIfMissing = true)
@ConditionalOnBean(TomcatServletWebServerFactory.class)
@EnableConfigurationProperties(FcgiProperties.class)
@Import({ FcgiAuthorizerConfiguration.class, FcgiSendfileConfiguration.class })
public class FcgiAutoConfiguration {

    /**
     * Boot's auto-configuration of the Tomcat servlet web server, which defines the
     * factory this one customizes.
     */
    static final String TOMCAT_SERVLET_AUTO_CONFIGURATION = "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration";

    /**
     * Boot's auto-configuration of the Jetty servlet web server, which takes Tomcat's
     * place when it runs first.
     */
    static final String JETTY_SERVLET_AUTO_CONFIGURATION = "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration";

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
     * @param environment tells whether virtual threads are on
     * ({@code spring.threads.virtual.enabled}, JDK 21+)
     * @return the customizer
     */
    @Bean
    public FcgiWebServerFactoryCustomizer fcgiWebServerFactoryCustomizer(FcgiProperties properties,
            FcgiConnectorHolder holder, Environment environment) {
        return new FcgiWebServerFactoryCustomizer(properties, holder, Threading.VIRTUAL.isActive(environment));
    }

    /**
     * Lets SIGUSR1, multiwatch's stop signal, stop the application gracefully when it
     * accepts on an inherited socket.
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
