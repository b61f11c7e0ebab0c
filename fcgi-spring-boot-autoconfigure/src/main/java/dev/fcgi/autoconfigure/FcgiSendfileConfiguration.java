package dev.fcgi.autoconfigure;

import dev.fcgi.sendfile.SendfileMappings;
import dev.fcgi.sendfile.SendfileResponseAdvice;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Registers the {@link SendfileResponseAdvice} when {@code fcgi.sendfile.enabled=true} in
 * a Spring MVC application.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "fcgi.sendfile.enabled")
public class FcgiSendfileConfiguration {

    /**
     * The advice that names files for the web server.
     * @param properties the bound settings
     * @return the advice
     * @throws IllegalStateException if no directory is mapped
     */
    @Bean
    public SendfileResponseAdvice fcgiSendfileResponseAdvice(FcgiProperties properties) {
        FcgiProperties.Sendfile sendfile = properties.getSendfile();
        SendfileMappings mappings = SendfileMappings.parse(sendfile.getMappings());
        if (mappings.isEmpty()) {
            throw new IllegalStateException("fcgi.sendfile.enabled=true needs fcgi.sendfile.mappings: the directories "
                    + "whose files the web server may send, such as /srv/files/=/protected/");
        }
        return new SendfileResponseAdvice(sendfile.getType(), mappings);
    }

}
