package io.pipelinemedic.context.source;

import io.pipelinemedic.context.config.ContextConfig;
import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.model.ArtifactRef;
import io.pipelinemedic.schemas.model.RunSource;
import io.pipelinemedic.service.ArtifactStore;
import io.pipelinemedic.service.http.RetryingHttp;
import io.pipelinemedic.service.http.UserInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Airflow tasks: the artifacts came with the alert (multipart, already in the artifact store), or
 * the alert names the folder the task's {@code target/} was uploaded to, a {@code file://} path (a
 * shared volume) or an {@code http(s)://} URL under one of the configured roots, whence they are
 * copied into the artifact store.
 */
@ApplicationScoped
public class AirflowArtifacts implements ArtifactSource {

  @Inject ContextConfig config;
  @Inject RetryingHttp http;
  @Inject ArtifactStore store;

  @Override
  public RunSource reporter() {
    return RunSource.AIRFLOW;
  }

  @Override
  public FetchedRun fetch(RunFailed event) throws IOException {
    if (!event.artifacts().isEmpty()) {
      return new FetchedRun(event.run(), null, event.artifacts()); // they came with the alert
    }
    if (event.artifactLocation() == null) {
      String missing = event.airflow() == null ? null : event.airflow().artifactsMissing();
      throw new IOException(
          "the dbt artifacts did not come with the Airflow alert"
              + (missing == null ? " and it names no artifact location" : ": " + missing));
    }
    String location = event.artifactLocation();
    URI folder = URI.create(location.endsWith("/") ? location : location + "/").normalize();
    if (!allowed(folder)) {
      throw new IOException(
          "artifact location "
              + folder.getScheme()
              + "://"
              + (folder.getRawAuthority() == null ? "" : folder.getRawAuthority())
              + folder.getRawPath()
              + " is not under medic.context.airflow.artifact-roots"
              + (config.airflow().artifactRoots().isEmpty() ? " (none configured)" : ""));
    }
    List<ArtifactRef> artifacts = new ArrayList<>();
    for (String name : List.of("run_results.json", "manifest.json", "sources.json")) {
      URI uri = folder.resolve(name);
      Optional<InputStream> content = open(uri);
      if (content.isEmpty()) {
        if (!name.equals("sources.json")) {
          throw new IOException(name + " is missing at the artifact location " + folder);
        }
        continue;
      }
      try (InputStream in = content.get()) {
        artifacts.add(store.write(event.envelope().incidentId(), name, null, in));
      }
    }
    return new FetchedRun(event.run(), null, artifacts);
  }

  /**
   * Whether {@code folder} lies under a configured root: the same scheme, host and port, and a
   * normalized, decoded path inside the root's (no {@code ..} left, encoded or not; no user info).
   */
  private boolean allowed(URI folder) {
    // the decoded path: "%2e%2e" is ".." to the file system
    String path = folder.getPath();
    if (UserInfo.of(folder).isPresent()
        || path == null
        || path.contains("/../")
        || path.endsWith("/..")
        || path.contains("\\")) {
      return false;
    }
    for (URI root : config.airflow().artifactRoots().orElse(List.of())) {
      URI base = root.normalize();
      String prefix = base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/";
      if (String.valueOf(base.getScheme()).equalsIgnoreCase(String.valueOf(folder.getScheme()))
          && Objects.equals(base.getRawAuthority(), folder.getRawAuthority())
          && path.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private Optional<InputStream> open(URI uri) throws IOException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    switch (scheme) {
      case "file":
        try {
          return Optional.of(Files.newInputStream(Path.of(uri)));
        } catch (NoSuchFileException e) {
          return Optional.empty();
        }
      case "http":
      case "https":
        return http.get(uri, Map.of());
      default:
        throw new IOException(
            "artifact location "
                + uri
                + ": scheme '"
                + scheme
                + "' is not supported; upload the target/ folder to a file:// path or an"
                + " http(s):// URL");
    }
  }
}
