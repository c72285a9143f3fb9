package io.pipelinemedic.classifier.diagnostics;

import io.pipelinemedic.classifier.diagnostics.LineageDiagnostics.Finding;
import io.pipelinemedic.classifier.diagnostics.LineageDiagnostics.Probe;
import io.pipelinemedic.classifier.warehouse.Warehouse;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.LineageNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the rows a failing {@code expression_is_true} test reports start: the test's expression is
 * counted false at every node of the lineage that has all the columns it names. The expression
 * comes from the project's manifest, so it is parsed first and only a plain predicate is run:
 * columns, numbers, string literals, comparisons, arithmetic, {@code and}/{@code or}/{@code not},
 * {@code is null}, {@code in}, {@code between}, {@code like} and a few scalar functions; anything
 * else (another statement, a subquery, a table function, a comment) leaves the test undiagnosed.
 */
final class ExpressionCheck {

  private static final Pattern TOKEN =
      Pattern.compile(
          "\\s*(?:(?<word>[A-Za-z_][A-Za-z0-9_]*)|(?<number>\\d+(?:\\.\\d+)?)"
              + "|(?<text>'(?:[^'\\\\]|'')*')|(?<op><>|!=|<=|>=|[=<>+\\-*/%(),]))");
  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "not", "is", "null", "true", "false", "in", "between", "like", "ilike");
  private static final Set<String> FUNCTIONS =
      Set.of("coalesce", "abs", "lower", "upper", "length", "round", "trim", "nullif");

  private ExpressionCheck() {}

  static Optional<Finding> locate(Warehouse warehouse, Failure test, Map<String, LineageNode> nodes)
      throws SQLException {
    Object expression = test.testKwargs().get("expression");
    String subject = test.attachedNode();
    if (!(expression instanceof String text) || subject == null) {
      return Optional.empty();
    }
    String predicate =
        test.columnName() == null ? text : warehouse.quote(test.columnName()) + " " + text;
    Optional<Set<String>> columns = columnsOf(text);
    if (columns.isEmpty()) {
      return Optional.empty();
    }
    Set<String> needed = new LinkedHashSet<>(columns.get());
    if (test.columnName() != null) {
      needed.add(test.columnName().toLowerCase(Locale.ROOT));
    }
    List<Probe> probes = new ArrayList<>();
    for (Map.Entry<String, Integer> reached :
        LineageDiagnostics.distances(subject, nodes).entrySet()) {
      LineageNode node = nodes.get(reached.getKey());
      Optional<Warehouse.QueryResult> shape =
          node == null ? Optional.empty() : Shapes.read(warehouse, node);
      if (shape.isEmpty()
          || !shape.get().columns().stream()
              .map(c -> c.toLowerCase(Locale.ROOT))
              .toList()
              .containsAll(needed)) {
        continue;
      }
      Warehouse.QueryResult counts;
      try {
        counts =
            warehouse.query(
                "select (select count(*) from "
                    + warehouse.relation(node.relation())
                    + ") as rows, (select count(*) from "
                    + warehouse.relation(node.relation())
                    + " where not ("
                    + predicate
                    + ")) as offending");
      } catch (SQLException e) {
        continue; // the columns have other types here (text where the test compares numbers)
      }
      List<Object> row = counts.rows().get(0);
      probes.add(
          new Probe(
              node.uniqueId(),
              node.resourceType(),
              reached.getValue(),
              ((Number) row.get(0)).longValue(),
              ((Number) row.get(1)).longValue(),
              List.of(shape.get(), counts)));
    }
    probes.sort(Comparator.comparingInt(Probe::distance));
    return probes.stream()
        .filter(probe -> probe.offending() > 0)
        .reduce((nearer, further) -> further)
        .map(origin -> new Finding(origin, List.copyOf(probes)));
  }

  /**
   * The columns a plain predicate names (lower case), or empty when {@code expression} is anything
   * more than one.
   */
  static Optional<Set<String>> columnsOf(String expression) {
    if (expression.isBlank() || expression.contains("--") || expression.contains("/*")) {
      return Optional.empty();
    }
    Set<String> columns = new LinkedHashSet<>();
    Matcher token = TOKEN.matcher(expression);
    int at = 0;
    while (at < expression.length()) {
      if (!token.find(at) || token.start() != at) {
        return expression.substring(at).isBlank() ? Optional.of(columns) : Optional.empty();
      }
      at = token.end();
      String word = token.group("word");
      if (word == null || KEYWORDS.contains(word.toLowerCase(Locale.ROOT))) {
        continue;
      }
      String lower = word.toLowerCase(Locale.ROOT);
      if (!expression.substring(at).stripLeading().startsWith("(")) {
        columns.add(lower);
      } else if (!FUNCTIONS.contains(lower)) {
        return Optional.empty();
      }
    }
    return Optional.of(columns);
  }
}
