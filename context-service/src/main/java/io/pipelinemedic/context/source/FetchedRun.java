package io.pipelinemedic.context.source;

import io.pipelinemedic.schemas.model.ArtifactRef;
import io.pipelinemedic.schemas.model.RunRef;
import java.util.List;
import java.util.Optional;

/**
 * A run's artifacts in the artifact store, or why the run is not Pipeline Medic's business.
 *
 * @param run the run, completed from the source
 * @param ignoredReason why the incident stops here, e.g. not a scheduled production run
 * @param artifacts {@code run_results.json} per failed step, {@code sources.json} when present, and
 *     {@code manifest.json}; for a run that stopped before writing them, its {@code dbt.log}
 */
public record FetchedRun(RunRef run, String ignoredReason, List<ArtifactRef> artifacts) {

  public static FetchedRun ignored(RunRef run, String reason) {
    return new FetchedRun(run, reason, List.of());
  }

  public List<ArtifactRef> named(String name) {
    return artifacts.stream().filter(artifact -> artifact.name().equals(name)).toList();
  }

  public Optional<ArtifactRef> first(String name) {
    return named(name).stream().findFirst();
  }
}
