package io.pipelinemedic.artifacts;

import io.pipelinemedic.schemas.model.Layer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decides a node's layer: sources and seeds by their type; models by a folder of their path (e.g.
 * {@code models/staging/...}), else by a name prefix (e.g. {@code stg_}); else OTHER.
 *
 * @param folders folder name → layer
 * @param prefixes model name prefix → layer, tried in order
 */
public record LayerRules(Map<String, Layer> folders, Map<String, Layer> prefixes) {

  /** The dbt community's conventions. */
  public static LayerRules conventional() {
    Map<String, Layer> prefixes = new LinkedHashMap<>();
    prefixes.put("stg_", Layer.STAGING);
    prefixes.put("base_", Layer.STAGING);
    prefixes.put("int_", Layer.INTERMEDIATE);
    prefixes.put("fct_", Layer.MART);
    prefixes.put("dim_", Layer.MART);
    prefixes.put("mart_", Layer.MART);
    return new LayerRules(
        Map.of(
            "staging", Layer.STAGING,
            "intermediate", Layer.INTERMEDIATE,
            "marts", Layer.MART,
            "mart", Layer.MART),
        prefixes);
  }

  public Layer of(ManifestNode node) {
    String type = node.resourceType() == null ? "" : node.resourceType();
    switch (type) {
      case "source":
        return Layer.SOURCE;
      case "seed":
        return Layer.SEED;
      default:
        break;
    }
    if (node.originalFilePath() != null) {
      for (String folder : node.originalFilePath().split("/")) {
        Layer layer = folders.get(folder.toLowerCase(Locale.ROOT));
        if (layer != null) {
          return layer;
        }
      }
    }
    String name = node.name() == null ? "" : node.name().toLowerCase(Locale.ROOT);
    return prefixes.entrySet().stream()
        .filter(prefix -> name.startsWith(prefix.getKey()))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(Layer.OTHER);
  }
}
