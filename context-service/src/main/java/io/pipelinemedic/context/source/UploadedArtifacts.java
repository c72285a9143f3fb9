package io.pipelinemedic.context.source;

import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.model.RunSource;
import jakarta.enterprise.context.ApplicationScoped;

/** dbt Core runs: {@code POST /runs} already put the artifacts in the artifact store. */
@ApplicationScoped
public class UploadedArtifacts implements ArtifactSource {

  @Override
  public RunSource reporter() {
    return RunSource.DBT_CORE;
  }

  @Override
  public FetchedRun fetch(RunFailed event) {
    return new FetchedRun(event.run(), null, event.artifacts());
  }
}
