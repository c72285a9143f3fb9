package io.pipelinemedic.artifacts;

import io.pipelinemedic.schemas.model.Owner;
import io.pipelinemedic.schemas.model.Relation;
import java.util.List;
import java.util.Map;

/**
 * What the failure extraction keeps of a manifest node or source; the large fields (code, columns,
 * docs) are read only for the nodes asked for in detail.
 *
 * @param uniqueId dbt unique id
 * @param resourceType model, test, seed, snapshot, source, ...
 * @param name node name
 * @param originalFilePath file that declared it (the YAML for generic tests and sources)
 * @param relationName database relation, as dbt rendered it (display only: never SQL)
 * @param relation the relation's parts as the manifest gives them, to be quoted by a dialect; null
 *     when the node names none
 * @param owner {@code meta.owner} or {@code config.meta.owner}, in any of the forms projects write
 *     it (a name or an email, a mapping with {@code name} and {@code email}, or a list of either)
 * @param group dbt group
 * @param parents {@code depends_on.nodes}
 * @param test what a test node says about itself, for tests read in detail
 * @param compiledCode compiled SQL, for nodes read in detail
 * @param materialized {@code config.materialized} (table, view, incremental, ...); null when the
 *     node gives none
 */
public record ManifestNode(
    String uniqueId,
    String resourceType,
    String name,
    String originalFilePath,
    String relationName,
    Relation relation,
    Owner owner,
    String group,
    List<String> parents,
    TestInfo test,
    String compiledCode,
    String materialized) {

  /**
   * A test's own description.
   *
   * @param testName {@code test_metadata.name}; null for a singular test
   * @param kwargs {@code test_metadata.kwargs}
   * @param columnName tested column
   * @param attachedNode the node the test is attached to
   * @param severity {@code config.severity}
   */
  public record TestInfo(
      String testName,
      Map<String, Object> kwargs,
      String columnName,
      String attachedNode,
      String severity) {}
}
