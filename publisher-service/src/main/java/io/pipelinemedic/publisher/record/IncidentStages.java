package io.pipelinemedic.publisher.record;

import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.ContextReady;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.PipelineEvent;
import io.pipelinemedic.schemas.Published;
import io.pipelinemedic.schemas.SourceReported;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.FixOutcome;
import java.util.List;

/** The stages of an incident, in pipeline order, and the stage each event takes it to. */
public final class IncidentStages {

  /**
   * The stage of an incident a service gave up on (its record is on a dead-letter topic): no
   * outcome will come, and nothing moves it back.
   */
  public static final String STOPPED = "STOPPED";

  /** The stages in pipeline order; an incident never moves back. */
  private static final List<String> STAGES =
      List.of(
          "RECEIVED",
          "IGNORED",
          "CONTEXT_READY",
          "CLASSIFIED",
          "TRANSIENT",
          "FIX_FAILED",
          "FIX_VERIFIED",
          "REPORTED",
          "PUBLISHED",
          STOPPED);

  private IncidentStages() {}

  /** Of the stages {@code current} and {@code reached}, the one further down the pipeline. */
  static String furthest(String current, String reached) {
    return STAGES.indexOf(reached) >= STAGES.indexOf(current) ? reached : current;
  }

  /** The stage {@code event} takes its incident to. */
  static String of(PipelineEvent event) {
    if (event instanceof ContextReady context) {
      return context.ignoredReason() != null ? "IGNORED" : "CONTEXT_READY";
    }
    if (event instanceof Classified classified) {
      return classified.groups().stream().allMatch(g -> g.failureClass() == FailureClass.TRANSIENT)
          ? "TRANSIENT"
          : "CLASSIFIED";
    }
    if (event instanceof FixProposed fix) {
      return fix.outcome() == FixOutcome.VERIFIED ? "FIX_VERIFIED" : "FIX_FAILED";
    }
    if (event instanceof SourceReported) {
      return "REPORTED";
    }
    if (event instanceof Published) {
      return "PUBLISHED";
    }
    return "RECEIVED";
  }
}
