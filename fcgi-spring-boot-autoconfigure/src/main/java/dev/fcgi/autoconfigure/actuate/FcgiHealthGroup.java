package dev.fcgi.autoconfigure.actuate;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;

/**
 * A health group whose only member is the {@code fcgi} contributor and that shows its
 * status alone: what {@code /actuator/health/fcgi} answers when the application shows no
 * health components, so a load balancer gets 200 UP or 503 without any detail being
 * exposed. Status aggregation and HTTP codes are the primary group's.
 */
final class FcgiHealthGroup implements HealthEndpointGroup {

    private final String member;

    private final HealthEndpointGroup primary;

    FcgiHealthGroup(String member, HealthEndpointGroup primary) {
        this.member = member;
        this.primary = primary;
    }

    @Override
    public boolean isMember(String name) {
        return this.member.equals(name);
    }

    @Override
    public boolean showComponents(SecurityContext securityContext) {
        return false;
    }

    @Override
    public boolean showDetails(SecurityContext securityContext) {
        return false;
    }

    @Override
    public StatusAggregator getStatusAggregator() {
        return this.primary.getStatusAggregator();
    }

    @Override
    public HttpCodeStatusMapper getHttpCodeStatusMapper() {
        return this.primary.getHttpCodeStatusMapper();
    }

    @Override
    public AdditionalHealthEndpointPath getAdditionalPath() {
        return null;
    }

}
