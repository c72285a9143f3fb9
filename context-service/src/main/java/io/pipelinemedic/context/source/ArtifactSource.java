package io.pipelinemedic.context.source;

import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.model.RunSource;
import java.io.IOException;

/**
 * Where a failed run's artifacts come from (the dbt Cloud Admin API, an Airflow upload location,
 * the artifact store): each puts them into the artifact store and says what the run was.
 */
public interface ArtifactSource {

  /** The reporter this source serves. */
  RunSource reporter();

  /** The run, completed where the source knows more, and its artifacts in the artifact store. */
  FetchedRun fetch(RunFailed event) throws IOException;
}
