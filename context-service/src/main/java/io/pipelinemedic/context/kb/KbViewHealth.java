package io.pipelinemedic.context.kb;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only with a current KB view: incidents must not be matched against half a KB. */
@Readiness
@ApplicationScoped
public class KbViewHealth implements HealthCheck {

  @Inject KbView view;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.builder()
        .name("kb-view")
        .status(view.isCurrent())
        .withData("entries", view.entries().size())
        .build();
  }
}
