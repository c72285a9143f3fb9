package io.pipelinemedic.schemas;

import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.AgentCost;
import io.pipelinemedic.schemas.model.FixOutcome;
import io.pipelinemedic.schemas.model.GitChange;
import io.pipelinemedic.schemas.model.GuardrailCheck;
import io.pipelinemedic.schemas.model.Lists;
import io.pipelinemedic.schemas.model.Owner;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.pipelinemedic.schemas.model.Verification;
import java.util.List;

/**
 * {@code fix.proposed}: a CODE group's fix attempt, verified by the system itself.
 *
 * @param envelope common envelope
 * @param groupId the root-cause group
 * @param rootCauseNode unique id of the root-cause node
 * @param action RECIPE or AGENT
 * @param outcome how the attempt ended; only VERIFIED becomes a pull request
 * @param outcomeReason why it ended so, when not VERIFIED
 * @param change the commit and diff, when a change was made
 * @param summary what changed and why, in plain language
 * @param kbEntryId the KB entry followed, when any
 * @param verification dbt build in the dev area, before and after
 * @param guardrails checks applied to the diff
 * @param cascadesResolved failures downstream of the root cause that now pass
 * @param cost what the attempt cost
 * @param transcriptUri the agent's transcript in the artifact store
 * @param owner owner of the root-cause node
 * @param confidence 0 to 1; low confidence opens a draft pull request
 */
public record FixProposed(
    Envelope envelope,
    String groupId,
    String rootCauseNode,
    Action action,
    FixOutcome outcome,
    String outcomeReason,
    GitChange change,
    String summary,
    String kbEntryId,
    Verification verification,
    List<GuardrailCheck> guardrails,
    List<String> cascadesResolved,
    AgentCost cost,
    String transcriptUri,
    Owner owner,
    double confidence)
    implements PipelineEvent {

  public FixProposed {
    guardrails = Lists.orEmpty(guardrails);
    cascadesResolved = Lists.orEmpty(cascadesResolved);
  }

  /** A fix dbt verified and the runner pushed as {@code change}. */
  public static FixProposed verified(
      Envelope envelope,
      RootCauseGroup group,
      GitChange change,
      String summary,
      Verification verification,
      List<GuardrailCheck> guardrails,
      List<String> cascadesResolved,
      AgentCost cost,
      String transcriptUri) {
    return of(
        envelope,
        group,
        FixOutcome.VERIFIED,
        null,
        change,
        summary,
        verification,
        guardrails,
        cascadesResolved,
        cost,
        transcriptUri);
  }

  /**
   * An attempt that did not end in a fix: no change to check ({@code FIX_FAILED}), or a change dbt
   * did not verify ({@code VERIFICATION_FAILED}, with its {@code verification}); {@code reason}
   * says why.
   */
  public static FixProposed failed(
      Envelope envelope,
      RootCauseGroup group,
      String reason,
      String summary,
      Verification verification,
      List<GuardrailCheck> guardrails,
      AgentCost cost,
      String transcriptUri) {
    return of(
        envelope,
        group,
        verification == null ? FixOutcome.FIX_FAILED : FixOutcome.VERIFICATION_FAILED,
        reason,
        null,
        summary,
        verification,
        guardrails,
        List.of(),
        cost,
        transcriptUri);
  }

  /** A change the guardrails refused; {@code reason} names the checks that failed. */
  public static FixProposed rejected(
      Envelope envelope,
      RootCauseGroup group,
      String reason,
      String summary,
      List<GuardrailCheck> guardrails,
      AgentCost cost,
      String transcriptUri) {
    return of(
        envelope,
        group,
        FixOutcome.GUARDRAIL_REJECTED,
        reason,
        null,
        summary,
        null,
        guardrails,
        List.of(),
        cost,
        transcriptUri);
  }

  private static FixProposed of(
      Envelope envelope,
      RootCauseGroup group,
      FixOutcome outcome,
      String reason,
      GitChange change,
      String summary,
      Verification verification,
      List<GuardrailCheck> guardrails,
      List<String> cascadesResolved,
      AgentCost cost,
      String transcriptUri) {
    return new FixProposed(
        envelope,
        group.groupId(),
        group.rootCauseNode(),
        group.action(),
        outcome,
        reason,
        change,
        summary,
        group.kbEntryId(),
        verification,
        guardrails,
        cascadesResolved,
        cost,
        transcriptUri,
        group.owner(),
        group.confidence());
  }
}
