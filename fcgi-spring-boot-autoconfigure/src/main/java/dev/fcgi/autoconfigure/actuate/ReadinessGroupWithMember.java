package dev.fcgi.autoconfigure.actuate;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;

/**
 * A health group that also counts one more contributor as a member: Boot's readiness
 * group, with {@code fcgi} added. Everything else is the group's own.
 */
final class ReadinessGroupWithMember implements HealthEndpointGroup {

    private final HealthEndpointGroup group;

    private final String member;

    ReadinessGroupWithMember(HealthEndpointGroup group, String member) {
        this.group = group;
        this.member = member;
    }

    @Override
    public boolean isMember(String name) {
        return this.member.equals(name) || this.group.isMember(name);
    }

    @Override
    public boolean showComponents(SecurityContext securityContext) {
        return this.group.showComponents(securityContext);
    }

    @Override
    public boolean showDetails(SecurityContext securityContext) {
        return this.group.showDetails(securityContext);
    }

    @Override
    public StatusAggregator getStatusAggregator() {
        return this.group.getStatusAggregator();
    }

    @Override
    public HttpCodeStatusMapper getHttpCodeStatusMapper() {
        return this.group.getHttpCodeStatusMapper();
    }

    @Override
    public AdditionalHealthEndpointPath getAdditionalPath() {
        return this.group.getAdditionalPath();
    }

}
