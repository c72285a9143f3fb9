package io.pipelinemedic.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinemedic.schemas.model.ArtifactRef;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store writes whole files inside the incident's folder, and never one past its size cap. */
class ArtifactStoreTest {

  @TempDir Path dir;

  @Test
  void aFileWithinTheCapIsStoredWhole() throws IOException {
    ArtifactStore store = ArtifactStore.at(dir, 1_000);

    long size = store.write("inc-1", "step-2/run_results.json", 2, bytes(1_000)).sizeBytes();

    assertThat(size).isEqualTo(1_000);
  }

  @Test
  void anEndlessDownloadStopsAtTheCapAndLeavesNothing() {
    ArtifactStore store = ArtifactStore.at(dir, 1_000_000);
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            return 'x';
          }
        };

    assertThatThrownBy(() -> store.write("inc-1", "manifest.json", null, endless))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("larger than medic.artifacts.max-file-bytes");
    assertThat(dir.resolve("inc-1")).isEmptyDirectory();
  }

  @Test
  void aPathOutsideTheIncidentsFolderIsRefused() {
    assertThatThrownBy(
            () -> ArtifactStore.at(dir).write("inc-1", "../inc-2/manifest.json", null, bytes(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anEventsUriIsReadOnlyInsideItsIncidentsFolder() throws IOException {
    ArtifactStore store = ArtifactStore.at(dir);
    ArtifactRef stored = store.write("inc-1", "manifest.json", null, bytes(1));

    ArtifactRef other = store.write("inc-2", "manifest.json", null, bytes(1));

    assertThat(store.stored("inc-1", stored))
        .isEqualTo(dir.resolve("inc-1/manifest.json").toAbsolutePath());
    for (String uri :
        List.of(
            "file:///etc/passwd",
            dir.resolve("../elsewhere/manifest.json").toUri().toString(),
            "https://example.com/manifest.json",
            other.uri())) {
      assertThatThrownBy(
              () -> store.stored("inc-1", new ArtifactRef("manifest.json", uri, null, null)))
          .as(uri)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static InputStream bytes(int count) {
    return new ByteArrayInputStream(new byte[count]);
  }
}
