package io.pipelinemedic.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/**
 * Where the artifact store keeps dbt artifacts on the local file system, and how large one may be.
 */
@ConfigMapping(prefix = "medic.artifacts")
public interface ArtifactStoreConfig {

  /** Root directory of the store; artifact URIs point below it. */
  Path dir();

  /**
   * The largest file the store writes, in bytes: a download past it (a crafted or runaway artifact)
   * stops there and is not stored.
   */
  @WithDefault("2147483648")
  long maxFileBytes();
}
