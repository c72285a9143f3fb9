package io.pipelinemedic.schemas.model;

import java.util.List;

/**
 * One root cause of a run's failures and what to do about it.
 *
 * @param groupId id of the group, unique within the incident
 * @param rootCauseNode unique id of the node where the problem starts
 * @param failureClass CODE, SOURCE, TRANSIENT or UNKNOWN
 * @param action what the agent runner does
 * @param decidedBy the rule that decided class and action
 * @param confidence 0 to 1
 * @param reason one sentence saying why
 * @param signature taxonomy id of the matched signature, e.g. {@code test.accepted_values}
 * @param failures unique ids of the failures this root cause explains
 * @param cascades unique ids of failures downstream of the root cause: listed, never patched
 * @param kbEntryId the KB entry that decided, when one matched
 * @param recipe the KB recipe to execute, for action RECIPE
 * @param instructions the KB steps in markdown, for action AGENT
 * @param evidence evidence behind the decision
 * @param owner owner of the root-cause node
 */
public record RootCauseGroup(
    String groupId,
    String rootCauseNode,
    FailureClass failureClass,
    Action action,
    DecisionRule decidedBy,
    double confidence,
    String reason,
    String signature,
    List<String> failures,
    List<String> cascades,
    String kbEntryId,
    Recipe recipe,
    String instructions,
    List<Evidence> evidence,
    Owner owner) {

  public RootCauseGroup {
    failures = Lists.orEmpty(failures);
    cascades = Lists.orEmpty(cascades);
    evidence = Lists.orEmpty(evidence);
  }
}
