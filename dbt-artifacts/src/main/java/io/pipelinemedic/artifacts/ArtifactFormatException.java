package io.pipelinemedic.artifacts;

import java.io.IOException;

/**
 * An artifact that is not the dbt artifact it should be: truncated, not JSON, or another schema.
 */
public class ArtifactFormatException extends IOException {

  public ArtifactFormatException(String message) {
    super(message);
  }

  public ArtifactFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
