package io.pipelinemedic.classifier.diagnostics;

import io.pipelinemedic.classifier.warehouse.Warehouse;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.LineageNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds where a column a failing model selects went missing: the column's name is read from the
 * warehouse's error (DuckDB, PostgreSQL, BigQuery, Snowflake wording), and the parents' relations
 * are read for their shape. The parent without it (among several, the one the error's alias names,
 * or the one they all lead to) is followed up the lineage to the node where it last existed: the
 * first node without it whose own parents have it (a model renamed or dropped it), or a source that
 * no longer has it (the data changed shape).
 */
public final class MissingColumn {

  /**
   * Where the column went missing.
   *
   * @param column the column the failing model selects
   * @param parent unique id of the node where it went missing: a model whose parents have it, or a
   *     source
   * @param queries the shape queries, as evidence
   */
  public record Finding(String column, String parent, List<Warehouse.QueryResult> queries) {}

  /** Error wordings naming the missing column; group {@code alias} is the relation, when named. */
  private static final List<Pattern> MESSAGES =
      List.of(
          Pattern.compile(
              "\"(?<alias>[^\"]+)\" does not have a column named \"(?<column>[^\"]+)\""),
          Pattern.compile("Referenced column \"(?<column>[^\"]+)\" not found"),
          Pattern.compile("column \"?(?:(?<alias>\\w+)\\.)?(?<column>\\w+)\"? does not exist"),
          Pattern.compile("Unrecognized name: (?<column>\\w+)"),
          Pattern.compile("invalid identifier '(?:(?<alias>\\w+)\\.)?(?<column>\\w+)'"));

  private MissingColumn() {}

  /** The parent of {@code failure} that lacks the column its error names, when one can tell. */
  public static Optional<Finding> locate(
      Warehouse warehouse, Failure failure, Map<String, LineageNode> lineage) throws SQLException {
    LineageNode node = lineage.get(failure.uniqueId());
    if (node == null || failure.message() == null) {
      return Optional.empty();
    }
    for (Pattern pattern : MESSAGES) {
      Matcher matcher = pattern.matcher(failure.message());
      if (matcher.find()) {
        return locate(warehouse, node, lineage, matcher.group("column"), aliasOf(matcher, pattern));
      }
    }
    return Optional.empty();
  }

  private static Optional<Finding> locate(
      Warehouse warehouse,
      LineageNode node,
      Map<String, LineageNode> lineage,
      String column,
      String alias)
      throws SQLException {
    List<Warehouse.QueryResult> queries = new ArrayList<>();
    Parents parents = parents(warehouse, node, lineage, column, queries);
    List<String> named =
        alias == null
            ? List.of()
            : parents.lacking().stream()
                .filter(id -> id.toLowerCase(Locale.ROOT).endsWith(alias.toLowerCase(Locale.ROOT)))
                .toList();
    List<String> candidates = named.size() == 1 ? named : parents.lacking();
    List<Origin> origins = new ArrayList<>();
    for (String candidate : candidates) {
      origins.add(lastHad(warehouse, candidate, lineage, column, queries, new HashSet<>()));
    }
    return Origin.one(origins).map(o -> new Finding(column, o.node(), List.copyOf(queries)));
  }

  /**
   * A node below which the column still existed.
   *
   * @param node its unique id
   * @param seen whether a parent of it was seen with the column (a model renamed or dropped it),
   *     rather than no parent that has it being readable (a source, or lineage out of reach)
   */
  private record Origin(String node, boolean seen) {

    /** The one origin, preferring those seen with the column to those only presumed. */
    static Optional<Origin> one(List<Origin> origins) {
      Set<String> seen = new LinkedHashSet<>();
      Set<String> all = new LinkedHashSet<>();
      for (Origin origin : origins) {
        all.add(origin.node());
        if (origin.seen()) {
          seen.add(origin.node());
        }
      }
      Set<String> chosen = seen.isEmpty() ? all : seen;
      return chosen.size() == 1
          ? Optional.of(new Origin(chosen.iterator().next(), !seen.isEmpty()))
          : Optional.empty();
    }
  }

  /**
   * Where {@code column} went missing, starting at {@code id}, which lacks it: {@code id} itself
   * when a parent has it or none can be read (a source), else where its parents lead.
   */
  private static Origin lastHad(
      Warehouse warehouse,
      String id,
      Map<String, LineageNode> lineage,
      String column,
      List<Warehouse.QueryResult> queries,
      Set<String> visited)
      throws SQLException {
    LineageNode node = lineage.get(id);
    if (node == null || !visited.add(id)) {
      return new Origin(id, false);
    }
    Parents parents = parents(warehouse, node, lineage, column, queries);
    if (parents.having() > 0 || parents.lacking().isEmpty()) {
      return new Origin(id, parents.having() > 0);
    }
    List<Origin> origins = new ArrayList<>();
    for (String parent : parents.lacking()) {
      origins.add(lastHad(warehouse, parent, lineage, column, queries, visited));
    }
    return Origin.one(origins).orElse(new Origin(id, false));
  }

  private record Parents(List<String> lacking, int having) {}

  /** The readable parents of {@code node} without {@code column}, and how many have it. */
  private static Parents parents(
      Warehouse warehouse,
      LineageNode node,
      Map<String, LineageNode> lineage,
      String column,
      List<Warehouse.QueryResult> queries)
      throws SQLException {
    List<String> lacking = new ArrayList<>();
    int having = 0;
    for (String parentId : node.parents()) {
      LineageNode parent = lineage.get(parentId);
      Optional<Warehouse.QueryResult> shape =
          parent == null ? Optional.empty() : Shapes.read(warehouse, parent);
      if (shape.isEmpty()) {
        continue;
      }
      queries.add(shape.get());
      if (shape.get().columns().stream().noneMatch(column::equalsIgnoreCase)) {
        lacking.add(parentId);
      } else {
        having++;
      }
    }
    return new Parents(lacking, having);
  }

  private static String aliasOf(Matcher matcher, Pattern pattern) {
    return pattern.pattern().contains("?<alias>") ? matcher.group("alias") : null;
  }
}
