package dev.fcgi.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.servlet.ServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Says at start-up why FastCGI is not served although the starter is present and
 * {@code fcgi.enabled} is not false: the servlet web server is not Tomcat (Jetty), or the
 * application is reactive (WebFlux). The starter then adds nothing else, so no health
 * contributor reports a listener that was never meant to exist.
 */
@AutoConfiguration(after = FcgiAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "fcgi.enabled", matchIfMissing = true)
@ConditionalOnMissingBean(FcgiConnectorHolder.class)
public class FcgiInactiveAutoConfiguration {

    /**
     * A servlet application whose web server is not Tomcat.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnMissingBean(TomcatServletWebServerFactory.class)
    static class OtherServletWebServer {

        /**
         * The warning, naming the web server in use.
         * @param factories the application's servlet web server factory
         * @return the warning
         */
        @Bean
        static FcgiInactiveWarning fcgiInactiveWarning(ObjectProvider<ServletWebServerFactory> factories) {
            return new FcgiInactiveWarning(() -> {
                ServletWebServerFactory factory = factories.getIfUnique();
                String server = (factory != null) ? factory.getClass().getName() : "not Tomcat";
                return "FastCGI is not active: the application's servlet web server is " + server + ", and the "
                        + "FastCGI connector is a Tomcat connector. To serve FastCGI, use Tomcat: remove "
                        + "spring-boot-starter-jetty (or your own ServletWebServerFactory bean); to run without "
                        + "FastCGI and without this warning, set fcgi.enabled=false or drop fcgi-spring-boot-starter.";
            });
        }

    }

    /**
     * A reactive (WebFlux) application.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static class ReactiveApplication {

        /**
         * The warning.
         * @return the warning
         */
        @Bean
        static FcgiInactiveWarning fcgiInactiveWarning() {
            return new FcgiInactiveWarning(() -> "FastCGI is not active: this is a reactive (WebFlux) application, "
                    + "and the FastCGI connector serves servlet applications on Tomcat (Spring MVC, "
                    + "spring-boot-starter-webmvc). To serve FastCGI, build the application on Spring MVC; to run "
                    + "without FastCGI and without this warning, set fcgi.enabled=false or drop "
                    + "fcgi-spring-boot-starter.");
        }

    }

}
