package io.pipelinemedic.schemas.model;

/** What was published for a group or incident. */
public enum PublicationKind {
  PULL_REQUEST_OPENED,
  PULL_REQUEST_UPDATED,
  SOURCE_REPORT,
  FIX_FAILED_REPORT,
  TRANSIENT_NOTICE,
  RESOLVED_NOTICE
}
