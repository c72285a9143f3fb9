package io.pipelinemedic.runner.fix.recipe;

import io.pipelinemedic.artifacts.Manifest;
import io.pipelinemedic.artifacts.ManifestNode;
import io.pipelinemedic.schemas.model.Relation;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A KB recipe's {@code values_query} made runnable without dbt: each {@code {{ ref('model') }}},
 * {@code {{ ref('package', 'model') }}} and {@code {{ source('source', 'table') }}} becomes the
 * relation the sandbox's manifest names (read where {@link Where} says), as the warehouse's SQL
 * names it (each part quoted: DuckDB's and PostgreSQL's double quotes, BigQuery's backticks); any
 * other Jinja is refused, so nothing of a KB page is ever rendered (no {@code env_var}, no {@code
 * run_query}).
 */
final class ValuesQuery {

  /** Where a node of the manifest is read: its own relation, or production's when deferred. */
  @FunctionalInterface
  interface Where {
    Relation of(ManifestNode node) throws IOException;
  }

  private static final Pattern CALL =
      Pattern.compile(
          "\\{\\{\\s*(ref|source)\\s*\\(" + name(2) + "(?:," + name(4) + ")?\\)\\s*\\}\\}");
  private static final Pattern OTHER_JINJA = Pattern.compile("\\{[{%#]");
  private static final Set<String> REFERABLE = Set.of("model", "seed", "snapshot");

  private ValuesQuery() {}

  /** A quoted name whose opening quote is group {@code quote} and whose text is the next group. */
  private static String name(int quote) {
    return "\\s*(['\"])([A-Za-z0-9_.-]+)\\" + quote + "\\s*";
  }

  /**
   * The query with its references resolved against {@code manifest}, each read {@code where} and
   * written as {@code named} writes a relation.
   */
  static String resolve(
      String query, Manifest manifest, Where where, Function<Relation, String> named)
      throws IOException {
    Matcher call = CALL.matcher(query);
    StringBuilder sql = new StringBuilder();
    while (call.find()) {
      String first = call.group(3);
      String second = call.group(5);
      Optional<ManifestNode> node =
          call.group(1).equals("source")
              ? second == null ? Optional.empty() : source(manifest, first, second)
              : ref(manifest, second == null ? null : first, second == null ? first : second);
      if (node.isEmpty()) {
        throw new IOException(
            "values_query: "
                + call.group().replaceAll("\\s+", " ")
                + " names nothing of the project");
      }
      Relation relation = where.of(node.get());
      call.appendReplacement(sql, Matcher.quoteReplacement(named.apply(relation)));
    }
    call.appendTail(sql);
    if (OTHER_JINJA.matcher(sql).find()) {
      throw new IOException(
          "values_query: only {{ ref(...) }} and {{ source(...) }} may be used, no other Jinja");
    }
    return sql.toString();
  }

  private static Optional<ManifestNode> ref(Manifest manifest, String pkg, String name) {
    return manifest.nodes().values().stream()
        .filter(node -> REFERABLE.contains(node.resourceType()) && name.equals(node.name()))
        .filter(
            node ->
                pkg == null || node.uniqueId().startsWith(node.resourceType() + "." + pkg + "."))
        .filter(node -> node.relation() != null)
        .findFirst();
  }

  private static Optional<ManifestNode> source(Manifest manifest, String source, String table) {
    String suffix = "." + source + "." + table;
    return manifest.nodes().values().stream()
        .filter(node -> node.uniqueId().startsWith("source.") && node.uniqueId().endsWith(suffix))
        .filter(node -> node.relation() != null)
        .findFirst();
  }
}
