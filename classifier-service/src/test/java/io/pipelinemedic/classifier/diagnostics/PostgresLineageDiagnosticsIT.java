package io.pipelinemedic.classifier.diagnostics;

import io.pipelinemedic.classifier.Fixtures;
import io.pipelinemedic.classifier.warehouse.JdbcWarehouse;
import io.pipelinemedic.classifier.warehouse.Warehouse;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * The same diagnostics on a real PostgreSQL: the warehouse copied into a database named as the
 * relations' ({@code prod}), read in read-only transactions, the same two queries per node.
 */
class PostgresLineageDiagnosticsIT extends LineageDiagnosticsTest {

  @Override
  Warehouse open(Path prod) throws SQLException {
    return JdbcWarehouse.postgres(Fixtures.copyToPostgres(prod, "prod"), "postgres", null, 30, 100);
  }
}
