package io.pipelinemedic.classifier.warehouse;

import io.pipelinemedic.schemas.model.Relation;
import java.sql.SQLException;
import java.util.List;

/**
 * A read-only connection to the production warehouse and its SQL dialect, for diagnostic queries.
 */
public interface Warehouse extends AutoCloseable {

  /**
   * What a query returned.
   *
   * @param sql the query as run
   * @param columns column names
   * @param rows the rows, at most the adapter's row limit
   * @param truncated whether more rows were left unread at the limit
   * @param durationMs how long it took
   */
  record QueryResult(
      String sql,
      List<String> columns,
      List<List<Object>> rows,
      boolean truncated,
      long durationMs) {}

  /** Runs a query; any attempt to write fails in the warehouse itself. */
  QueryResult query(String sql) throws SQLException;

  /** An identifier quoted in the warehouse's SQL dialect. */
  default String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** A relation's parts, each quoted: never the manifest's rendered {@code relation_name}. */
  default String relation(Relation relation) {
    return relation.joined(this::quote);
  }

  /** A string literal in the warehouse's SQL dialect. */
  default String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /** The dialect's name of the text type, for casts. */
  default String textType() {
    return "varchar";
  }

  @Override
  void close() throws SQLException;
}
