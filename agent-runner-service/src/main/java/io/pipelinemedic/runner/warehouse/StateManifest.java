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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
    nodes(manifest);
    Files.createDirectories(folder);
    Files.copy(manifest, folder.resolve("manifest.json"), StandardCopyOption.REPLACE_EXISTING);
    return folder;
  }

  /** The relations of the sources of the state in {@code folder}. */
  public static List<Relation> sources(Path folder) throws IOException {
    return nodes(folder.resolve("manifest.json")).stream()
        .filter(node -> "source".equals(node.resourceType()))
        .map(ManifestNode::relation)
        .toList();
  }

  /** Production's relation of each incremental model of the state in {@code folder}, by id. */
  public static Map<String, Relation> incremental(Path folder) throws IOException {
    Map<String, Relation> incremental = new TreeMap<>();
    for (ManifestNode node : nodes(folder.resolve("manifest.json"))) {
      if ("model".equals(node.resourceType()) && "incremental".equals(node.materialized())) {
        incremental.put(node.uniqueId(), node.relation());
      }
    }
    return incremental;
  }

  /** The nodes dbt reads relations of, each checked; the first that is not plain names fails. */
  private static List<ManifestNode> nodes(Path manifest) throws IOException {
    List<ManifestNode> nodes = new ArrayList<>();
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
        nodes.add(node);
      }
    } catch (ArtifactFormatException e) {
      throw new IOException("the run's manifest.json cannot be read: " + e.getMessage(), e);
    }
    return nodes;
  }
}
