package io.pipelinemedic.schemas.model;

/** How a fix attempt ended; only VERIFIED becomes a pull request. */
public enum FixOutcome {
  /** dbt build passed in the dev area and every guardrail held. */
  VERIFIED,
  /** The change was made but dbt build still fails in the dev area. */
  VERIFICATION_FAILED,
  /** The diff broke a guardrail (weakened a test, touched a forbidden path, ...). */
  GUARDRAIL_REJECTED,
  /** The recipe or agent failed, timed out or ran out of budget. */
  FIX_FAILED
}
