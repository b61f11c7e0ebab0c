package dev.fcgi.actuate;

import java.util.Locale;
import java.util.function.Supplier;

import dev.fcgi.tomcat.FcgiNioProtocol;
import org.apache.catalina.connector.Connector;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.util.MimeType;

/**
 * The {@code fcgi} actuator endpoint ({@code /actuator/fcgi}): PHP-FPM's status page for
 * the FastCGI connector, pool figures and every worker's current request, as JSON, or
 * with {@code ?format=text} as plain text and {@code ?format=openmetrics} in the
 * OpenMetrics text format.
 */
@WebEndpoint(id = "fcgi")
public class FcgiEndpoint {

    private static final MimeType TEXT = MimeType.valueOf("text/plain;charset=UTF-8");

    private final Supplier<@Nullable Connector> connector;

    private final String mode;

    private final @Nullable FcgiShutdownDrain drain;

    /**
     * Creates the endpoint.
     * @param connector the application's FastCGI connector, null until the web server has
     * created it
     * @param mode how the connector was added ({@code beside} or {@code instead}), as
     * shown in the status
     * @param drain the shutdown drain step, or null when there is none
     */
    public FcgiEndpoint(Supplier<@Nullable Connector> connector, String mode, @Nullable FcgiShutdownDrain drain) {
        this.connector = connector;
        this.mode = mode;
        this.drain = drain;
    }

    /**
     * Reads the status now.
     * @param format {@code json} (the default), {@code text} or {@code openmetrics}
     * @return the status in that format; 400 for another format, 404 when there is no
     * FastCGI connector
     */
    @ReadOperation(produces = { "application/vnd.spring-boot.actuator.v3+json", "application/json", "text/plain",
            "application/openmetrics-text" })
    public WebEndpointResponse<Object> status(@Nullable String format) {
        FcgiStatus status = currentStatus();
        if (status == null) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        String chosen = (format != null) ? format.trim().toLowerCase(Locale.ROOT) : "json";
        return switch (chosen) {
            case "json", "" -> new WebEndpointResponse<>(status);
            case "text" -> new WebEndpointResponse<>(FcgiStatusText.write(status), TEXT);
            case "openmetrics", "prometheus" ->
                new WebEndpointResponse<>(FcgiStatusOpenMetrics.write(status), FcgiStatusOpenMetrics.CONTENT_TYPE);
            default -> new WebEndpointResponse<>("format must be json, text or openmetrics\n",
                    WebEndpointResponse.STATUS_BAD_REQUEST, TEXT);
        };
    }

    /**
     * @return the status now, or null when no FastCGI connector was created
     */
    private @Nullable FcgiStatus currentStatus() {
        Connector connector = this.connector.get();
        if (connector == null || !(connector.getProtocolHandler() instanceof FcgiNioProtocol protocol)) {
            return null;
        }
        boolean draining = this.drain != null && this.drain.isDraining();
        return FcgiStatus.read(protocol, this.mode, FcgiListenerState.of(connector, draining));
    }

}
