package dev.fcgi.sendfile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;

import jakarta.servlet.ServletConnection;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.MethodParameter;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourceRegion;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.ResourceHttpMessageConverter;
import org.springframework.http.converter.ResourceRegionHttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Turns a file-backed {@link Resource} body (also one cut into ranges) into an
 * {@code X-Accel-Redirect} or {@code X-Sendfile} header and no body, so the web server
 * sends the file.
 * <p>
 * It acts only when all of these hold, and otherwise the application writes the body as
 * usual:
 * <ul>
 * <li>the request came over FastCGI (never over Tomcat's HTTP connector, where a client
 * could send anything);</li>
 * <li>a header type is known: the one configured ({@code fcgi.sendfile.type}, for web
 * servers that cannot announce it), else the one the web server announces in the
 * request's {@code X-Sendfile-Type};</li>
 * <li>the resource is a file (after symbolic links) below one of the configured
 * directories ({@code fcgi.sendfile.mappings}); the web server's announced
 * {@code X-Accel-Mapping} is not used, so a client that slips either header past the web
 * server can at most make the application name a file it was serving anyway.</li>
 * </ul>
 * A range answer the application prepared (206) is sent as 200 for the whole file: the
 * web server applies the client's {@code Range} and {@code If-Modified-Since} to the file
 * itself.
 */
@ControllerAdvice
public class SendfileResponseAdvice implements ResponseBodyAdvice<Object> {

    /**
     * Request header in which a web server announces the response header it understands
     * (Rack::Sendfile's).
     */
    public static final String ANNOUNCEMENT_HEADER = "X-Sendfile-Type";

    /**
     * The protocol name of FastCGI connections ({@link ServletConnection#getProtocol()}).
     */
    static final String FASTCGI_PROTOCOL = "fcgi";

    private final SendfileType configuredType;

    private final SendfileMappings mappings;

    /**
     * Creates the advice.
     * @param configuredType the header to use for every FastCGI request, or null to use
     * the web server's announcement
     * @param mappings the directories whose files may be named
     */
    public SendfileResponseAdvice(SendfileType configuredType, SendfileMappings mappings) {
        this.configuredType = configuredType;
        this.mappings = mappings;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return ResourceHttpMessageConverter.class.isAssignableFrom(converterType)
                || ResourceRegionHttpMessageConverter.class.isAssignableFrom(converterType);
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType selectedContentType,
            Class<? extends HttpMessageConverter<?>> selectedConverterType, ServerHttpRequest request,
            ServerHttpResponse response) {
        if (!(request instanceof ServletServerHttpRequest servletRequest)
                || !(response instanceof ServletServerHttpResponse servletResponse)) {
            return body;
        }
        HttpServletRequest httpRequest = servletRequest.getServletRequest();
        if (!isFastCgi(httpRequest)) {
            return body;
        }
        SendfileType type = (this.configuredType != null) ? this.configuredType
                : SendfileType.fromHeaderName(httpRequest.getHeader(ANNOUNCEMENT_HEADER));
        if (type == null) {
            return body;
        }
        Path file = fileOf(body);
        String mapped = (file != null) ? this.mappings.map(file) : null;
        if (mapped == null) {
            return body;
        }
        HttpServletResponse httpResponse = servletResponse.getServletResponse();
        if (httpResponse.getStatus() == HttpServletResponse.SC_PARTIAL_CONTENT) {
            httpResponse.setStatus(HttpServletResponse.SC_OK);
        }
        if (selectedContentType != null && selectedContentType.isConcrete()
                && !"multipart".equalsIgnoreCase(selectedContentType.getType())) {
            httpResponse.setContentType(selectedContentType.toString());
        }
        response.getHeaders().remove(HttpHeaders.CONTENT_RANGE);
        httpResponse.setHeader(type.headerName(), type.headerValue(mapped));
        return null;
    }

    private static boolean isFastCgi(HttpServletRequest request) {
        ServletConnection connection = request.getServletConnection();
        return connection != null && FASTCGI_PROTOCOL.equals(connection.getProtocol());
    }

    /**
     * The file behind a resource, a region of one, or regions all of one; null for
     * anything else.
     */
    private static Path fileOf(Object body) {
        Resource resource = null;
        if (body instanceof Resource r) {
            resource = r;
        }
        else if (body instanceof ResourceRegion region) {
            resource = region.getResource();
        }
        else if (body instanceof Collection<?> regions && !regions.isEmpty()) {
            for (Object each : regions) {
                if (!(each instanceof ResourceRegion region)
                        || (resource != null && resource != region.getResource())) {
                    return null;
                }
                resource = region.getResource();
            }
        }
        if (resource == null || !resource.isFile()) {
            return null;
        }
        try {
            return resource.getFile().toPath();
        }
        catch (IOException ex) {
            return null;
        }
    }

}
