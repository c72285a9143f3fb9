package io.pipelinemedic.runner.warehouse;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinemedic.artifacts.ArtifactFormatException;
import io.pipelinemedic.artifacts.ManifestNode;
import io.pipelinemedic.artifacts.ManifestReader;
import io.pipelinemedic.schemas.model.Relation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The failed run's {@code manifest.json} as the production state a sandbox's builds defer to. It is
 * an uploaded file, so before dbt sees it every relation dbt could read from it (models, seeds,
 * snapshots, sources) must be plain names: dbt quotes a deferred relation's parts without escaping
 * them, and a quote or a semicolon in one would be SQL.
 */
public final class StateManifest {

  /** What dbt defers, and the sources a dev area may have to show. */
  private static final Set<String> READ = Set.of("model", "seed", "snapshot", "source");

  /** Letters, digits, {@code _ $ -}: a name in every warehouse, never SQL. */
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_$-]{1,255}");

  private StateManifest() {}

  /**
   * Checks {@code manifest} and copies it into {@code folder} as {@code manifest.json}; the folder.
   *
   * @throws IOException naming the first relation that is not plain names, or what cannot be read
   */
  public static Path copy(Path manifest, Path folder) throws IOException {
    relations(manifest, false);
    Files.createDirectories(folder);
    Files.copy(manifest, folder.resolve("manifest.json"), StandardCopyOption.REPLACE_EXISTING);
    return folder;
  }

  /** The relations of the sources of the state in {@code folder}. */
  public static List<Relation> sources(Path folder) throws IOException {
    return relations(folder.resolve("manifest.json"), true);
  }

  private static List<Relation> relations(Path manifest, boolean sourcesOnly) throws IOException {
    List<Relation> relations = new ArrayList<>();
    try {
      for (ManifestNode node :
          new ManifestReader(new ObjectMapper()).read(manifest, id -> false).nodes().values()) {
        if (!READ.contains(node.resourceType()) || node.relation() == null) {
          continue;
        }
        Relation relation = node.relation();
        for (String part :
            new String[] {relation.database(), relation.schema(), relation.identifier()}) {
          if (part != null && !NAME.matcher(part).matches()) {
            throw new IOException(
                "the run's manifest.json names a "
                    + node.resourceType()
                    + " relation that is not plain names (a quote, a semicolon, a space), so"
                    + " production is not read through it");
          }
        }
        if (!sourcesOnly || "source".equals(node.resourceType())) {
          relations.add(relation);
        }
      }
    } catch (ArtifactFormatException e) {
      throw new IOException("the run's manifest.json cannot be read: " + e.getMessage(), e);
    }
    return relations;
  }
}
