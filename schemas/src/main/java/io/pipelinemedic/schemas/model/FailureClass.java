package io.pipelinemedic.schemas.model;

/** The kind of root cause, which decides what the pipeline does about it. */
public enum FailureClass {
  /** The dbt project's code is wrong: a verified fix and a pull request. */
  CODE,
  /** The data that arrived is wrong: a root-cause report for its owner, never a code change. */
  SOURCE,
  /** Infrastructure or a passing condition: noted, nothing changed. */
  TRANSIENT,
  /** No rule decided: the coding agent investigates, and its fix is verified like any other. */
  UNKNOWN
}
