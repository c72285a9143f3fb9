package io.pipelinemedic.schemas;

import io.pipelinemedic.schemas.model.ArtifactRef;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.LineageNode;
import io.pipelinemedic.schemas.model.Lists;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.pipelinemedic.schemas.model.RunRef;
import java.util.List;

/**
 * {@code classified}: the run's failures grouped by root cause, each with class and action.
 *
 * @param envelope common envelope
 * @param run the run
 * @param failures the failures, as in {@code context.ready}
 * @param lineage the failures' lineage nodes, as in {@code context.ready}
 * @param groups one group per root cause
 * @param state the failed run's {@code manifest.json} in the artifact store: the production state a
 *     sandbox's builds defer to; null when the run wrote none
 * @param results the failed run's {@code run_results.json} in the artifact store, one per step that
 *     wrote one: each node's status before a fix; empty when the run wrote none
 */
public record Classified(
    Envelope envelope,
    RunRef run,
    List<Failure> failures,
    List<LineageNode> lineage,
    List<RootCauseGroup> groups,
    ArtifactRef state,
    List<ArtifactRef> results)
    implements PipelineEvent {

  public Classified {
    failures = Lists.orEmpty(failures);
    lineage = Lists.orEmpty(lineage);
    groups = Lists.orEmpty(groups);
    results = Lists.orEmpty(results);
  }

  /** An event without the run's results (its builds then have no baseline but their own). */
  public Classified(
      Envelope envelope,
      RunRef run,
      List<Failure> failures,
      List<LineageNode> lineage,
      List<RootCauseGroup> groups,
      ArtifactRef state) {
    this(envelope, run, failures, lineage, groups, state, List.of());
  }
}
