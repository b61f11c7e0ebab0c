package dev.fcgi.autoconfigure.actuate;

import java.util.List;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;

/**
 * The application's health groups, with the {@code fcgi} contributor made a member of the
 * {@code readiness} group. Additional paths ({@code /readyz} on the main port) stay as
 * the wrapped groups map them.
 */
final class FcgiReadinessHealthEndpointGroups implements HealthEndpointGroups, AdditionalPathsMapper {

    static final String READINESS = "readiness";

    private final HealthEndpointGroups groups;

    private final HealthEndpointGroup readiness;

    FcgiReadinessHealthEndpointGroups(HealthEndpointGroups groups, String member) {
        this.groups = groups;
        HealthEndpointGroup group = groups.get(READINESS);
        this.readiness = (group != null) ? new ReadinessGroupWithMember(group, member) : null;
    }

    @Override
    public HealthEndpointGroup getPrimary() {
        return this.groups.getPrimary();
    }

    @Override
    public Set<String> getNames() {
        return this.groups.getNames();
    }

    @Override
    public HealthEndpointGroup get(String name) {
        return (READINESS.equals(name) && this.readiness != null) ? this.readiness : this.groups.get(name);
    }

    @Override
    public HealthEndpointGroup get(AdditionalHealthEndpointPath path) {
        HealthEndpointGroup group = this.groups.get(path);
        return (group != null && this.readiness != null && group == this.groups.get(READINESS)) ? this.readiness
                : group;
    }

    @Override
    public List<String> getAdditionalPaths(EndpointId endpointId, WebServerNamespace webServerNamespace) {
        return (this.groups instanceof AdditionalPathsMapper mapper)
                ? mapper.getAdditionalPaths(endpointId, webServerNamespace) : null;
    }

}
