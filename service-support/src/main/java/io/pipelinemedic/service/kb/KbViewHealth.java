package io.pipelinemedic.service.kb;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only with a current KB view: incidents must not be handled with half a KB. */
@IfBuildProperty(name = "medic.kb-view.enabled", stringValue = "true")
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
