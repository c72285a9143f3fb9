package io.pipelinemedic.service;

import io.pipelinemedic.schemas.model.ArtifactRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The artifact store on the local file system: an incident's artifacts live under {@code
 * <dir>/<incidentId>/} and travel on Kafka only as {@code file://} URIs. Blocking: call it off the
 * event loop.
 */
@ApplicationScoped
public class ArtifactStore {

  @Inject ArtifactStoreConfig config;

  /** The store under {@code dir}, for code that runs without CDI. */
  public static ArtifactStore at(Path dir) {
    return at(dir, 2L << 30);
  }

  /** The store under {@code dir} whose files may be at most {@code maxFileBytes}. */
  public static ArtifactStore at(Path dir, long maxFileBytes) {
    ArtifactStore store = new ArtifactStore();
    store.config =
        new ArtifactStoreConfig() {
          @Override
          public Path dir() {
            return dir;
          }

          @Override
          public long maxFileBytes() {
            return maxFileBytes;
          }
        };
    return store;
  }

  /** Moves {@code file} (an upload on the same disk) into the incident's folder as {@code name}. */
  public ArtifactRef store(String incidentId, String name, Path file) {
    Path target = target(incidentId, name);
    try {
      Files.createDirectories(target.getParent());
      try {
        Files.move(
            file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return ref(target, null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store " + name + " for " + incidentId, e);
    }
  }

  /**
   * Writes {@code content} to {@code path} (relative, e.g. {@code step-2/run_results.json}) in the
   * incident's folder, through a temporary file so a reader never sees half a file; content past
   * {@code medic.artifacts.max-file-bytes} is not read further, and nothing is stored.
   */
  public ArtifactRef write(String incidentId, String path, Integer step, InputStream content)
      throws IOException {
    Path target = target(incidentId, path);
    Files.createDirectories(target.getParent());
    Path partial = Files.createTempFile(target.getParent(), ".partial-", ".tmp");
    try {
      long max = config.maxFileBytes();
      try (OutputStream out = Files.newOutputStream(partial)) {
        byte[] buffer = new byte[64 * 1024];
        long written = 0;
        for (int read = content.read(buffer); read >= 0; read = content.read(buffer)) {
          written += read;
          if (written > max) {
            throw new IOException(
                path + " is larger than medic.artifacts.max-file-bytes (" + max + "): not stored");
          }
          out.write(buffer, 0, read);
        }
      }
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
    return ref(target, step);
  }

  /** The local file behind an artifact's {@code file://} URI. */
  public static Path file(ArtifactRef artifact) {
    URI uri = URI.create(artifact.uri());
    if (!"file".equals(uri.getScheme())) {
      throw new IllegalArgumentException("not a file:// artifact: " + artifact.uri());
    }
    return Path.of(uri);
  }

  /**
   * The file of an artifact of the incident {@code incidentId}: its {@code file://} URI must name a
   * file inside that incident's folder of this store (an event's URI is read, never trusted).
   */
  public Path stored(String incidentId, ArtifactRef artifact) {
    Path folder = folder(incidentId);
    Path file = file(artifact).toAbsolutePath().normalize();
    if (!file.startsWith(folder) || file.equals(folder)) {
      throw new IllegalArgumentException(
          "not an artifact of " + incidentId + ": " + artifact.uri());
    }
    return file;
  }

  /** The incident's folder: its id must be one name (no separator, not {@code .} or {@code ..}). */
  public Path folder(String incidentId) {
    if (incidentId == null
        || incidentId.isBlank()
        || incidentId.contains("/")
        || incidentId.contains("\\")
        || incidentId.equals(".")
        || incidentId.equals("..")) {
      throw new IllegalArgumentException("not an incident id: " + incidentId);
    }
    return config.dir().resolve(incidentId).toAbsolutePath().normalize();
  }

  private Path target(String incidentId, String path) {
    Path folder = folder(incidentId);
    Path target = folder.resolve(path).normalize();
    if (!target.startsWith(folder) || target.equals(folder)) {
      throw new IllegalArgumentException("not a path inside the incident's folder: " + path);
    }
    return target;
  }

  private static ArtifactRef ref(Path target, Integer step) throws IOException {
    return new ArtifactRef(
        target.getFileName().toString(), target.toUri().toString(), step, Files.size(target));
  }
}
