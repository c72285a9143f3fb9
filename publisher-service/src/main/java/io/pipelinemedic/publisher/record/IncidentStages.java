package io.pipelinemedic.publisher.record;

import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.ContextReady;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.PipelineEvent;
import io.pipelinemedic.schemas.Published;
import io.pipelinemedic.schemas.SourceReported;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.FixOutcome;
import io.pipelinemedic.schemas.model.PublicationKind;
import java.util.List;

/** The stages of an incident, in pipeline order, and the stage each event takes it to. */
public final class IncidentStages {

  /**
   * The status of an incident a service gave up on (its record is on a dead-letter topic): no
   * outcome will come until the record is redriven; the next event it brings moves the incident on
   * from the stage it had reached.
   */
  public static final String FAILED = "FAILED";

  /** A run of the incident's job passed after it. */
  public static final String RESOLVED = "RESOLVED";

  /** The fix's pull request was closed without merging. */
  public static final String DISMISSED = "DISMISSED";

  /** The fix's pull request was merged. */
  public static final String FIXED = "FIXED";

  /**
   * The stages in pipeline order, then the incident's life after its outcome; an incident never
   * moves back.
   */
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
          RESOLVED,
          DISMISSED,
          FIXED);

  private IncidentStages() {}

  /** Of the stages {@code current} and {@code reached}, the one further down the pipeline. */
  static String furthest(String current, String reached) {
    return STAGES.indexOf(reached) >= STAGES.indexOf(current) ? reached : current;
  }

  /**
   * Moves {@code incident} to {@code reached}: further down the pipeline only; from FAILED, only to
   * a stage beyond the one it had reached; to FAILED, keeping that stage, unless it is RESOLVED,
   * DISMISSED or FIXED already.
   */
  static void move(IncidentRow incident, String reached) {
    if (FAILED.equals(reached)) {
      // a late dead letter does not undo what its outcome's life already settled
      if (!FAILED.equals(incident.status)
          && STAGES.indexOf(incident.status) <= STAGES.indexOf("PUBLISHED")) {
        incident.failedStage = incident.status;
        incident.status = FAILED;
      }
    } else if (FAILED.equals(incident.status)) {
      // an earlier stage's event read late (the topics are read apart) does not resume it
      if (STAGES.indexOf(reached) > STAGES.indexOf(incident.failedStage)) {
        incident.status = reached;
        incident.failedStage = null;
      }
    } else {
      incident.status = furthest(incident.status, reached);
    }
  }

  /** Takes a FAILED incident back to the stage it had reached: its records were redriven. */
  static void resume(IncidentRow incident) {
    if (FAILED.equals(incident.status)) {
      incident.status = incident.failedStage;
      incident.failedStage = null;
    }
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
    if (event instanceof Published published) {
      return published.kind() == PublicationKind.PIPELINE_FAILED ? FAILED : "PUBLISHED";
    }
    return "RECEIVED";
  }
}
