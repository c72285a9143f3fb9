package io.pipelinemedic.schemas.model;

/** A node's layer in the DAG, from folder or naming conventions. */
public enum Layer {
  SOURCE,
  SEED,
  STAGING,
  INTERMEDIATE,
  MART,
  OTHER
}
