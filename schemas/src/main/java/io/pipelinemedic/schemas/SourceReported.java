package io.pipelinemedic.schemas;

import io.pipelinemedic.schemas.model.EmailDraft;
import io.pipelinemedic.schemas.model.Evidence;
import io.pipelinemedic.schemas.model.Lists;
import io.pipelinemedic.schemas.model.Owner;
import java.util.List;

/**
 * {@code source.reported}: a SOURCE group's root-cause report; never a code change.
 *
 * @param envelope common envelope
 * @param groupId the root-cause group
 * @param rootCauseNode unique id of the source (or first model) where the problem appears
 * @param relationName the table that holds the bad data
 * @param summary the root cause in plain language
 * @param diagnostics the diagnostic queries, their results and timings
 * @param owner owner of the data
 * @param nextSteps suggested next steps
 * @param email drafted note to the owner
 * @param cascades failures the bad data causes downstream
 * @param reportUri the full report in the artifact store
 */
public record SourceReported(
    Envelope envelope,
    String groupId,
    String rootCauseNode,
    String relationName,
    String summary,
    List<Evidence> diagnostics,
    Owner owner,
    List<String> nextSteps,
    EmailDraft email,
    List<String> cascades,
    String reportUri)
    implements PipelineEvent {

  public SourceReported {
    diagnostics = Lists.orEmpty(diagnostics);
    nextSteps = Lists.orEmpty(nextSteps);
    cascades = Lists.orEmpty(cascades);
  }
}
