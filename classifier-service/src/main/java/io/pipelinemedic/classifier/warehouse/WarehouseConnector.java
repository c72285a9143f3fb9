package io.pipelinemedic.classifier.warehouse;

import com.google.cloud.bigquery.BigQuery;
import io.pipelinemedic.classifier.config.ClassifierConfig;
import io.pipelinemedic.dbt.ReadOnlyBigQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Opens the configured production warehouse for one incident's diagnostics. A DuckDB or PostgreSQL
 * connection is held only while an incident is classified: a file opened by this process, even
 * read-only, keeps the scheduled job from writing it. The BigQuery client is made once and shared.
 */
@ApplicationScoped
public class WarehouseConnector {

  @Inject ClassifierConfig config;

  private BigQuery bigQuery;

  /** A read-only connection, or empty when no warehouse is configured. */
  public Optional<Warehouse> open() throws SQLException {
    ClassifierConfig.Warehouse warehouse = config.warehouse();
    return switch (warehouse.kind()) {
      case none -> Optional.empty();
      case duckdb -> Optional.of(JdbcWarehouse.duckDb(duckDbFile(warehouse), warehouse.maxRows()));
      case postgres -> Optional.of(postgres(warehouse));
      case bigquery ->
          Optional.of(
              new BigQueryWarehouse(
                  bigQuery(warehouse.bigquery()),
                  warehouse.maxRows(),
                  warehouse.bigquery().maxBytesBilled()));
    };
  }

  private synchronized BigQuery bigQuery(ClassifierConfig.BigQuery settings) throws SQLException {
    if (bigQuery == null) {
      try {
        bigQuery =
            ReadOnlyBigQuery.client(
                settings
                    .project()
                    .orElseThrow(
                        () ->
                            new SQLException(
                                "medic.classifier.warehouse.bigquery.project is not set")),
                settings.location(),
                settings.host(),
                settings.credentialsFile());
      } catch (IOException e) {
        throw new SQLException("cannot read the BigQuery credentials: " + e.getMessage(), e);
      }
    }
    return bigQuery;
  }

  private static Warehouse postgres(ClassifierConfig.Warehouse warehouse) throws SQLException {
    ClassifierConfig.Postgres postgres = warehouse.postgres();
    return JdbcWarehouse.postgres(
        postgres
            .url()
            .orElseThrow(
                () -> new SQLException("medic.classifier.warehouse.postgres.url is not set")),
        postgres
            .user()
            .orElseThrow(
                () -> new SQLException("medic.classifier.warehouse.postgres.user is not set")),
        postgres.password().orElse(null),
        postgres.timeoutSeconds(),
        warehouse.maxRows());
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
