package io.pipelinemedic.classifier.diagnostics;

import io.pipelinemedic.classifier.warehouse.Warehouse;
import io.pipelinemedic.schemas.model.LineageNode;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Reads the columns of a lineage node's relation with a query that returns no rows. A relation this
 * connection cannot see (another catalog, no grant, dropped since the run) is left out rather than
 * failing the whole diagnosis.
 */
final class Shapes {

  private Shapes() {}

  static Optional<Warehouse.QueryResult> read(Warehouse warehouse, LineageNode node) {
    if (node.relation() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          warehouse.query("select * from " + warehouse.relation(node.relation()) + " limit 0"));
    } catch (SQLException e) {
      return Optional.empty();
    }
  }
}
