package dev.fcgi.autoconfigure.actuate;

import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.core.env.Environment;

/**
 * Makes the {@code fcgi} health contributor part of the {@code readiness} group (not
 * {@code liveness}): a worker whose listener is paused or draining is not ready for
 * traffic, but it is alive. Left alone when the application lists the readiness group's
 * members itself ({@code management.endpoint.health.group.readiness.include}).
 */
class FcgiReadinessGroupPostProcessor implements HealthEndpointGroupsPostProcessor {

    /**
     * The property that, when set, means the application chose the readiness group's
     * members itself.
     */
    static final String READINESS_INCLUDE_PROPERTY = "management.endpoint.health.group.readiness.include";

    private final String contributorName;

    private final boolean readinessConfigured;

    /**
     * Creates the post-processor.
     * @param environment to see whether the readiness group's members are configured
     * @param contributorName the name of the FastCGI health contributor
     */
    FcgiReadinessGroupPostProcessor(Environment environment, String contributorName) {
        this.contributorName = contributorName;
        this.readinessConfigured = environment.containsProperty(READINESS_INCLUDE_PROPERTY)
                || environment.containsProperty(READINESS_INCLUDE_PROPERTY + "[0]");
    }

    @Override
    public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
        if (this.readinessConfigured || groups.get(FcgiReadinessHealthEndpointGroups.READINESS) == null) {
            return groups;
        }
        return new FcgiReadinessHealthEndpointGroups(groups, this.contributorName);
    }

}
