package dev.fcgi.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Value;

/**
 * Injects the port the FastCGI connector bound ({@code local.fcgi.port}), handy with
 * {@code fcgi.port=0} in tests, as {@code @LocalServerPort} does for HTTP.
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Value("${" + FcgiListenerPublisher.LOCAL_PORT_PROPERTY + "}")
public @interface LocalFcgiPort {

}
