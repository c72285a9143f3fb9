package io.pipelinemedic.publisher.publication;

import io.pipelinemedic.publisher.github.GitHubChannel;
import io.pipelinemedic.publisher.kb.KbDrafts;
import io.pipelinemedic.publisher.record.IncidentRecord;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.FixReviewed;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.FixOutcome;
import io.pipelinemedic.service.VertxAwait;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * A KB that learns from merged fixes: when the pull request of a coding agent's verified fix is
 * merged, for a root cause no KB entry decided, the entry it teaches is drafted ({@link KbDrafts})
 * and proposed in a pull request on the repository's git KB folder, once, like every delivery; off
 * without {@code medic.publisher.github.kb-folder}.
 */
@Singleton
public class KbProposals {

  /** KB entries drafted from merged fixes, each a pull request. */
  static final Remark.On KB_DRAFTS = new Remark.On("kb-draft");

  private static final Logger LOG = Logger.getLogger(KbProposals.class);

  @Inject Deliveries deliveries;
  @Inject IncidentRecord incidents;
  @Inject GitHubChannel github;

  /** Proposes the entries the merged pull request of {@code outcome}'s incident teaches. */
  void propose(Deliveries.Outcome outcome, FixReviewed merged, Classified classified)
      throws InterruptedException {
    if (github.kbFolder().isEmpty()) {
      return;
    }
    String id = outcome.incidentId();
    for (FixProposed fix : VertxAwait.await(() -> incidents.fixes(id))) {
      if (learnable(fix, merged, classified)) {
        propose(outcome, fix, classified, merged, id);
      }
    }
  }

  /**
   * Whether {@code fix} is the coding agent's verified fix that the merged pull request carried,
   * for a root cause no KB entry decided (that entry would be the one to improve).
   */
  private static boolean learnable(FixProposed fix, FixReviewed merged, Classified classified) {
    return fix.action() == Action.AGENT
        && fix.outcome() == FixOutcome.VERIFIED
        && fix.change() != null
        && fix.change().branch().equals(merged.branch())
        && classified.groups().stream()
            .anyMatch(g -> g.groupId().equals(fix.groupId()) && g.kbEntryId() == null);
  }

  /** Drafts the KB entry the merged fix teaches and proposes it in a pull request. */
  private void propose(
      Deliveries.Outcome outcome,
      FixProposed fix,
      Classified classified,
      FixReviewed merged,
      String incidentId)
      throws InterruptedException {
    KbDrafts.Draft draft;
    try {
      draft = KbDrafts.of(fix, classified, merged, github.kbFolder().get(), incidentId);
    } catch (IllegalArgumentException e) {
      LOG.warnf("%s: no KB entry drafted: %s", incidentId, e.getMessage());
      return;
    }
    deliveries.deliver(
        LifecyclePublications.remark(outcome, "kb:" + fix.groupId()),
        KB_DRAFTS,
        () ->
            github.proposeKbEntry(
                draft,
                "A coding agent's fix for incident "
                    + incidentId
                    + " was merged ("
                    + merged.url()
                    + "). This drafts what it teaches as a KB entry"
                    + (draft.recipe()
                        ? " with a recipe: once merged, the same failure is fixed without a model."
                        : ": once merged, the coding agent gets its steps the next time.")
                    + " Review the match rules and the steps like any change."));
  }
}
