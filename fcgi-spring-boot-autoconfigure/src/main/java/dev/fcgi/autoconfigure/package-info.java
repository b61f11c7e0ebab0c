/**
 * Spring Boot auto-configuration of the FastCGI connector: {@code fcgi.*} properties, the
 * connector beside or instead of Tomcat's HTTP connector, and the bound port published as
 * {@code local.fcgi.port}.
 */
package dev.fcgi.autoconfigure;
