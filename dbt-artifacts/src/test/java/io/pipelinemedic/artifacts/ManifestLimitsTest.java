package io.pipelinemedic.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manifest crafted to exhaust the heap: a node's {@code meta}, {@code config} and {@code
 * depends_on} far beyond any real project's are skipped unread, and the rest of the file is read.
 */
class ManifestLimitsTest {

  @TempDir Path dir;

  @Test
  void oversizedSmallObjectsAreSkippedAndTheNextNodeIsRead() throws Exception {
    Path manifest = dir.resolve("manifest.json");
    try (BufferedWriter out = Files.newBufferedWriter(manifest)) {
      out.write(
          "{\"metadata\": {\"dbt_schema_version\":"
              + " \"https://schemas.getdbt.com/dbt/manifest/v12.json\"},\n\"nodes\": {\n");
      out.write("\"model.shop.crafted\": {\"resource_type\": \"model\", \"name\": \"crafted\",");
      out.write(" \"meta\": {\"owner\": \"attacker\", \"pad\": {");
      for (int i = 0; i < Streams.MAX_TREE_TOKENS; i++) {
        out.write((i == 0 ? "" : ",") + "\"k" + i + "\": [1, {\"deep\": [2]}]");
      }
      out.write("}},\n \"config\": {\"meta\": {}, \"blob\": \"");
      out.write("x".repeat(Streams.MAX_TREE_CHARS + 1));
      out.write("\"},\n \"depends_on\": {\"nodes\": [");
      for (int i = 0; i < Streams.MAX_TREE_TOKENS; i++) {
        out.write((i == 0 ? "" : ",") + "\"model.shop.p" + i + "\"");
      }
      out.write("]}, \"alias\": \"crafted\", \"schema\": \"main\"},\n");
      out.write(
          "\"model.shop.next\": {\"resource_type\": \"model\", \"name\": \"next\","
              + " \"meta\": {\"owner\": \"Commerce\"}, \"depends_on\": {\"nodes\":"
              + " [\"model.shop.crafted\"]}}\n}}\n");
    }

    Manifest read = read(manifest);

    ManifestNode crafted = read.node("model.shop.crafted").orElseThrow();
    assertThat(crafted.owner()).as("the oversized meta is not read").isNull();
    assertThat(crafted.parents()).as("the oversized depends_on is not read").isEmpty();
    assertThat(crafted.relation().identifier())
        .as("fields after them still are")
        .isEqualTo("crafted");
    ManifestNode next = read.node("model.shop.next").orElseThrow();
    assertThat(next.owner().name()).isEqualTo("Commerce");
    assertThat(next.parents()).containsExactly("model.shop.crafted");
  }

  private static Manifest read(Path manifest) throws IOException, ArtifactFormatException {
    return new ManifestReader(new ObjectMapper()).read(manifest, Set.of());
  }
}
