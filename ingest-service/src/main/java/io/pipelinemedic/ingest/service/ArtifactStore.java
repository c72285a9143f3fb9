package io.pipelinemedic.ingest.service;

import io.pipelinemedic.ingest.config.ArtifactStoreConfig;
import io.pipelinemedic.schemas.model.ArtifactRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The artifact store on the local file system: artifacts live under {@code <dir>/<incidentId>/} and
 * travel on Kafka only as {@code file://} URIs. Blocking: call it off the event loop.
 */
@ApplicationScoped
public class ArtifactStore {

  @Inject ArtifactStoreConfig config;

  /** Moves {@code file} (an upload on the same disk) into the incident's folder as {@code name}. */
  public ArtifactRef store(String incidentId, String name, Path file) {
    try {
      Path target = config.dir().resolve(incidentId).resolve(name).toAbsolutePath().normalize();
      Files.createDirectories(target.getParent());
      try {
        Files.move(
            file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return new ArtifactRef(name, target.toUri().toString(), null, Files.size(target));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store " + name + " for " + incidentId, e);
    }
  }
}
