package dev.fcgi.autoconfigure.actuate;

import java.util.List;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Makes {@code /actuator/health/fcgi} answer in an application that shows no health
 * components (Boot's default, where a component's own path is 404): that path then
 * reaches a group whose only member is the {@code fcgi} contributor and which answers its
 * status alone (200 UP, 503 OUT_OF_SERVICE or DOWN) with no details. The group has no
 * name (Boot refuses a group named like a contributor) and no URL of its own on the
 * application's port: it is found the way Boot finds a group by its additional path, as
 * {@code fcgi} below the health endpoint. Left out when the application sets
 * {@code management.endpoint.health.show-components} or {@code show-details} (the
 * component's own path then answers, as the application chose) or has a group named
 * {@code fcgi}.
 */
class FcgiHealthGroupPostProcessor implements HealthEndpointGroupsPostProcessor, Ordered {

    private static final String HEALTH = "management.endpoint.health.";

    private final String contributorName;

    private final boolean showSettingsConfigured;

    /**
     * Creates the post-processor.
     * @param environment to see whether the application chose how health components are
     * shown
     * @param contributorName the name of the FastCGI health contributor, also the path
     * below the health endpoint
     */
    FcgiHealthGroupPostProcessor(Environment environment, String contributorName) {
        this.contributorName = contributorName;
        this.showSettingsConfigured = environment.containsProperty(HEALTH + "show-components")
                || environment.containsProperty(HEALTH + "show-details");
    }

    /** Last, so that the groups it wraps are final. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
        if (this.showSettingsConfigured || groups.get(this.contributorName) != null) {
            return groups;
        }
        return new WithFcgiGroup(groups, new FcgiHealthGroup(this.contributorName, groups.getPrimary()),
                this.contributorName);
    }

    /**
     * The application's groups, and the {@code fcgi} one for the path of the same name.
     */
    private static final class WithFcgiGroup implements HealthEndpointGroups, AdditionalPathsMapper {

        private final HealthEndpointGroups groups;

        private final HealthEndpointGroup group;

        private final String path;

        WithFcgiGroup(HealthEndpointGroups groups, HealthEndpointGroup group, String path) {
            this.groups = groups;
            this.group = group;
            this.path = path;
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
            return this.groups.get(name);
        }

        @Override
        public HealthEndpointGroup get(AdditionalHealthEndpointPath path) {
            HealthEndpointGroup group = this.groups.get(path);
            if (group == null && this.path.equals(path.getValue().replaceFirst("^/", ""))) {
                return this.group;
            }
            return group;
        }

        @Override
        public List<String> getAdditionalPaths(EndpointId endpointId, WebServerNamespace webServerNamespace) {
            return (this.groups instanceof AdditionalPathsMapper mapper)
                    ? mapper.getAdditionalPaths(endpointId, webServerNamespace) : null;
        }

    }

}
