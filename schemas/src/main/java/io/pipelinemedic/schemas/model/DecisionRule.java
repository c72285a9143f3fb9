package io.pipelinemedic.schemas.model;

/** The classifier rule that decided a root-cause group's class and action. */
public enum DecisionRule {
  /** A transient or infrastructure error signature. */
  TRANSIENT_CATALOGUE,
  /** A matching KB entry: its class, recipe or steps. */
  KB_ENTRY,
  /** Read-only queries along the lineage: where the failing condition first appears. */
  DIAGNOSTICS,
  /** The failure signature's default reasoning. */
  SIGNATURE,
  /** Nothing decided: the agent investigates with the evidence gathered so far. */
  FALLBACK
}
