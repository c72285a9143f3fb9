package io.pipelinemedic.classifier.warehouse;

import io.pipelinemedic.classifier.config.ClassifierConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Opens the configured production warehouse for one incident's diagnostics. A connection is held
 * only while an incident is classified: a DuckDB file opened by this process, even read-only, keeps
 * the scheduled job from writing it.
 */
@ApplicationScoped
public class WarehouseConnector {

  @Inject ClassifierConfig config;

  /** A read-only connection, or empty when no warehouse is configured. */
  public Optional<Warehouse> open() throws SQLException {
    ClassifierConfig.Warehouse warehouse = config.warehouse();
    return switch (warehouse.kind()) {
      case none -> Optional.empty();
      case duckdb -> Optional.of(new DuckDbWarehouse(duckDbFile(warehouse), warehouse.maxRows()));
    };
  }

  private static Path duckDbFile(ClassifierConfig.Warehouse warehouse) throws SQLException {
    Path file =
        warehouse
            .duckdbPath()
            .orElseThrow(
                () -> new SQLException("medic.classifier.warehouse.duckdb-path is not set"));
    if (!Files.isRegularFile(file)) {
      throw new SQLException("the production DuckDB file " + file + " does not exist");
    }
    return file;
  }
}
