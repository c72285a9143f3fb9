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
  RESOLVED_NOTICE
}
