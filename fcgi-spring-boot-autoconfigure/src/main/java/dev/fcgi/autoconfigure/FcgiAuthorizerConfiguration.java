package dev.fcgi.autoconfigure;

import jakarta.servlet.DispatcherType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Registers the {@link FcgiAuthorizerFilter} when {@code fcgi.authorizer.enabled=true},
 * last in the filter chain.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "fcgi.authorizer.enabled")
public class FcgiAuthorizerConfiguration {

    private static final Log logger = LogFactory.getLog(FcgiAuthorizerConfiguration.class);

    private static final String SPRING_SECURITY = "org.springframework.security.web.FilterChainProxy";

    /**
     * The filter that approves AUTHORIZER requests the filters before it let through, for
     * REQUEST dispatches only (an error page rendered for a refusal is never turned into
     * an approval).
     * @return its registration, ordered last
     */
    @Bean
    public FilterRegistrationBean<FcgiAuthorizerFilter> fcgiAuthorizerFilter() {
        if (!ClassUtils.isPresent(SPRING_SECURITY, FcgiAuthorizerConfiguration.class.getClassLoader())) {
            logger.warn("fcgi.authorizer.enabled=true without Spring Security: every FastCGI AUTHORIZER request is "
                    + "approved unless one of the application's own filters answers it first");
        }
        FilterRegistrationBean<FcgiAuthorizerFilter> registration = new FilterRegistrationBean<>(
                new FcgiAuthorizerFilter());
        registration.setName("fcgiAuthorizerFilter");
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        return registration;
    }

}
