package io.pipelinemedic.classifier.diagnostics;

import io.pipelinemedic.classifier.warehouse.Warehouse;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.LineageNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the parent that lost a column a failing model selects: the column's name is read from the
 * warehouse's error (DuckDB, PostgreSQL, BigQuery, Snowflake wording), and the parents' relations
 * are read for their shape. The one parent without it, or among several the one the error's alias
 * names, is where the change happened.
 */
public final class MissingColumn {

  /**
   * Where the column went missing.
   *
   * @param column the column the failing model selects
   * @param parent unique id of the parent that does not have it
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
    List<String> lacking = new ArrayList<>();
    for (String parentId : node.parents()) {
      LineageNode parent = lineage.get(parentId);
      if (parent == null) {
        continue;
      }
      Optional<Warehouse.QueryResult> shape = Shapes.read(warehouse, parent);
      if (shape.isEmpty()) {
        continue;
      }
      queries.add(shape.get());
      if (shape.get().columns().stream().noneMatch(column::equalsIgnoreCase)) {
        lacking.add(parentId);
      }
    }
    List<String> named =
        alias == null
            ? List.of()
            : lacking.stream()
                .filter(id -> id.toLowerCase(Locale.ROOT).endsWith(alias.toLowerCase(Locale.ROOT)))
                .toList();
    String parent = lacking.size() == 1 ? lacking.get(0) : named.size() == 1 ? named.get(0) : null;
    return Optional.ofNullable(parent).map(id -> new Finding(column, id, List.copyOf(queries)));
  }

  private static String aliasOf(Matcher matcher, Pattern pattern) {
    return pattern.pattern().contains("?<alias>") ? matcher.group("alias") : null;
  }
}
