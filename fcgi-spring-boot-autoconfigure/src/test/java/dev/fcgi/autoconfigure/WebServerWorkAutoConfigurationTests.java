package dev.fcgi.autoconfigure;

import dev.fcgi.sendfile.SendfileResponseAdvice;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AUTHORIZER filter and the sendfile advice: absent by default, and how they are set
 * up when switched on.
 */
class WebServerWorkAutoConfigurationTests {

    // The starter steps in only beside Tomcat's servlet web server factory.
    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(FcgiAutoConfiguration.class))
        .withBean(TomcatServletWebServerFactory.class, TomcatServletWebServerFactory::new);

    @Test
    void neitherIsThereByDefault() {
        this.runner.run((context) -> {
            assertThat(context).doesNotHaveBean("fcgiAuthorizerFilter");
            assertThat(context).doesNotHaveBean(SendfileResponseAdvice.class);
        });
    }

    @Test
    void authorizerFilterComesLastForRequestDispatchesOnly() {
        this.runner.withPropertyValues("fcgi.authorizer.enabled=true").run((context) -> {
            FilterRegistrationBean<?> registration = context.getBean("fcgiAuthorizerFilter",
                    FilterRegistrationBean.class);
            assertThat(registration.getFilter()).isInstanceOf(FcgiAuthorizerFilter.class);
            assertThat(registration.getOrder()).isEqualTo(Ordered.LOWEST_PRECEDENCE);
            assertThat(registration.determineDispatcherTypes()).containsExactly(jakarta.servlet.DispatcherType.REQUEST);
        });
    }

    @Test
    void sendfileNeedsMappings() {
        this.runner.withPropertyValues("fcgi.sendfile.enabled=true")
            .run((context) -> assertThat(context).getFailure()
                .hasStackTraceContaining("fcgi.sendfile.enabled=true needs fcgi.sendfile.mappings"));
    }

    @Test
    void sendfileAdviceWithMappings() {
        this.runner
            .withPropertyValues("fcgi.sendfile.enabled=true", "fcgi.sendfile.mappings=/srv/files/=/protected/",
                    "fcgi.sendfile.type=x-accel-redirect")
            .run((context) -> assertThat(context).hasSingleBean(SendfileResponseAdvice.class));
    }

}
