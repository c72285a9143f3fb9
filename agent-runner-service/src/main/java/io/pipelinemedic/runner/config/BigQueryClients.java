package io.pipelinemedic.runner.config;

import io.pipelinemedic.dbt.ReadOnlyBigQuery;
import io.pipelinemedic.runner.warehouse.BigQueryDevAreas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/** The BigQuery dev areas of {@code medic.runner.bigquery}, with their Google client. */
final class BigQueryClients {

  private static final Duration TABLE_EXPIRATION = Duration.ofDays(1);
  private static final long MAXIMUM_BYTES_BILLED = 10L * 1024 * 1024 * 1024;

  private BigQueryClients() {}

  static BigQueryDevAreas devAreas(RunnerConfig.BigQuery settings) {
    try {
      return new BigQueryDevAreas(
          ReadOnlyBigQuery.client(
              settings.project(), settings.location(), settings.host(), settings.keyfile()),
          settings.project(),
          settings.location().orElse(null),
          settings.tableExpiration().orElse(TABLE_EXPIRATION),
          settings.keyfile().orElse(null),
          settings.maximumBytesBilled().orElse(MAXIMUM_BYTES_BILLED));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read medic.runner.bigquery.keyfile: " + e.getMessage(), e);
    }
  }
}
