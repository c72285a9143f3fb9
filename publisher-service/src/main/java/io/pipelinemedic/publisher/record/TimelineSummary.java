package io.pipelinemedic.publisher.record;

import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.ContextReady;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.FixReviewed;
import io.pipelinemedic.schemas.PipelineEvent;
import io.pipelinemedic.schemas.Published;
import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.RunPassed;
import io.pipelinemedic.schemas.SourceReported;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import java.util.stream.Collectors;

/** The one line an event adds to an incident's timeline: what happened and why. */
public final class TimelineSummary {

  /** The most of a dead letter's reason a timeline line holds; the event holds the rest. */
  private static final int MAX_REASON = 1000;

  private TimelineSummary() {}

  /** The line for an event of {@code topic} that {@code service} gave up on, for {@code reason}. */
  public static String failed(String topic, String service, String reason) {
    return "Failed: "
        + service
        + " gave up on the "
        + topic
        + " event ("
        + cause(reason)
        + "). Once the cause is fixed, redrive it: ./medic redrive "
        + topic
        + ".";
  }

  /** A dead letter's reason as a timeline line holds it. */
  public static String cause(String reason) {
    String cause = reason == null || reason.isBlank() ? "no reason given" : reason.strip();
    return cause.length() > MAX_REASON ? cause.substring(0, MAX_REASON) + "…" : cause;
  }

  /** The line for {@code event}. */
  public static String of(PipelineEvent event) {
    if (event instanceof RunFailed run) {
      return "Run "
          + run.run().runId()
          + " of "
          + (run.run().jobName() == null ? "job " + run.run().jobId() : run.run().jobName())
          + " failed ("
          + run.source()
          + ").";
    }
    if (event instanceof ContextReady context) {
      return context.ignoredReason() != null
          ? "Ignored: " + context.ignoredReason()
          : context.failures().size()
              + " failures extracted, "
              + context.skipped().size()
              + " nodes skipped.";
    }
    if (event instanceof Classified classified) {
      return classified.groups().stream()
          .map(TimelineSummary::group)
          .collect(Collectors.joining(" "));
    }
    if (event instanceof FixProposed fix) {
      return fix.action()
          + " fix of "
          + fix.rootCauseNode()
          + ": "
          + fix.outcome()
          + (fix.outcomeReason() == null ? "" : " (" + fix.outcomeReason() + ")")
          + (fix.change() == null
              ? ""
              : ", commit " + fix.change().commitSha() + " on " + fix.change().branch())
          + (fix.cost() == null ? "" : ", by " + fix.cost().agent())
          + ".";
    }
    if (event instanceof SourceReported report) {
      return "Source report on "
          + report.rootCauseNode()
          + (report.email() == null ? "" : ", a note drafted to " + report.email().to())
          + ".";
    }
    if (event instanceof Published published) {
      return published.kind() + ": " + published.summary();
    }
    if (event instanceof RunPassed passed) {
      return "Resolved: run "
          + passed.run().runId()
          + " of "
          + (passed.run().jobName() == null
              ? "job " + passed.run().jobId()
              : passed.run().jobName())
          + " passed"
          + (passed.run().finishedAt() == null ? "" : " at " + passed.run().finishedAt())
          + ".";
    }
    if (event instanceof FixReviewed reviewed) {
      return (reviewed.merged()
              ? "Fixed: pull request " + reviewed.url() + " merged"
              : "Dismissed: pull request " + reviewed.url() + " closed unmerged")
          + (reviewed.closedBy() == null ? "" : " by " + reviewed.closedBy())
          + (reviewed.mergeCommitSha() == null ? "" : " as " + reviewed.mergeCommitSha())
          + ".";
    }
    return event.getClass().getSimpleName();
  }

  private static String group(RootCauseGroup group) {
    return group.failureClass()
        + " at "
        + group.rootCauseNode()
        + " → "
        + group.action()
        + " ("
        + group.decidedBy()
        + "): "
        + group.reason();
  }
}
