package dev.fcgi.demo;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Guards {@code /private/**} with HTTP Basic (user {@code demo}, password {@code demo})
 * and nothing else: every other path, the actuator included, passes Spring Security
 * untouched (no login page, no CSRF check, no added headers), exactly as without it. The
 * same rules decide FastCGI AUTHORIZER requests when
 * {@code fcgi.authorizer.enabled=true}.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    /**
     * The one security filter chain: {@code /private/**} only, HTTP Basic, no session.
     * @param http the builder
     * @return the chain
     * @throws Exception if the chain cannot be built
     */
    @Bean
    SecurityFilterChain privateChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/private/**")
            .authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
            .httpBasic(Customizer.withDefaults())
            .sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    /**
     * The demo's single user.
     * @return {@code demo} / {@code demo}
     */
    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(User.withUsername("demo").password("{noop}demo").roles("USER").build());
    }

}
