package io.pipelinemedic.service;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;

/** Where the artifact store keeps dbt artifacts on the local file system. */
@ConfigMapping(prefix = "medic.artifacts")
public interface ArtifactStoreConfig {

  /** Root directory of the store; artifact URIs point below it. */
  Path dir();
}
