package io.pipelinemedic.schemas.model;

/** What the agent runner does for a root-cause group. */
public enum Action {
  /** Execute the KB entry's recipe; no model is called. */
  RECIPE,
  /** Run the configured coding agent with the KB steps or the runbook. */
  AGENT,
  /** Write a root-cause report for the data's owner (SOURCE). */
  REPORT,
  /** Re-run the job (TRANSIENT, where configured). */
  RERUN,
  /** Nothing to do (TRANSIENT). */
  NONE
}
