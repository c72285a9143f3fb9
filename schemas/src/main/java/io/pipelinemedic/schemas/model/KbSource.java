package io.pipelinemedic.schemas.model;

/** Where a KB entry is maintained. */
public enum KbSource {
  NOTION,
  GIT
}
