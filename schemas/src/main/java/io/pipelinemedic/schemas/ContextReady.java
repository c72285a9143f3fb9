package io.pipelinemedic.schemas;

import io.pipelinemedic.schemas.model.ArtifactRef;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.LineageNode;
import io.pipelinemedic.schemas.model.Lists;
import io.pipelinemedic.schemas.model.RunRef;
import io.pipelinemedic.schemas.model.RunSource;
import java.util.List;

/**
 * {@code context.ready}: the run's artifacts were fetched and its failures extracted.
 *
 * @param envelope common envelope
 * @param source dbt Cloud, Airflow or dbt Core
 * @param run the run, completed from the Admin API where available
 * @param ignoredReason why the incident stops here (e.g. not a scheduled production run)
 * @param artifacts the stored artifacts
 * @param failures failed and errored nodes with their context
 * @param lineage every node of the failures' lineage slices, each once
 * @param skipped unique ids of nodes skipped because of a failure (consequences, not failures)
 */
public record ContextReady(
    Envelope envelope,
    RunSource source,
    RunRef run,
    String ignoredReason,
    List<ArtifactRef> artifacts,
    List<Failure> failures,
    List<LineageNode> lineage,
    List<String> skipped)
    implements PipelineEvent {

  public ContextReady {
    artifacts = Lists.orEmpty(artifacts);
    failures = Lists.orEmpty(failures);
    lineage = Lists.orEmpty(lineage);
    skipped = Lists.orEmpty(skipped);
  }
}
