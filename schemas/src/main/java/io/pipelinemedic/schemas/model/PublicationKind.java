package io.pipelinemedic.schemas.model;

/** What was published for a group or incident. */
public enum PublicationKind {
  PULL_REQUEST_OPENED,
  PULL_REQUEST_UPDATED,
  /** A verified fix on its pushed branch without a pull request (no GitHub, or GitHub failed). */
  FIX_VERIFIED,
  SOURCE_REPORT,
  FIX_FAILED_REPORT,
  TRANSIENT_NOTICE,
  /** A run of the incident's job passed: the incident is over. */
  RESOLVED_NOTICE,
  /** A service gave up on the incident (its record is dead-lettered): no outcome will come. */
  PIPELINE_FAILED
}
