package io.pipelinemedic.classifier.config;

import io.pipelinemedic.schemas.model.Action;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The classifier-service's settings, under {@code medic.classifier}. */
@ConfigMapping(prefix = "medic.classifier")
public interface ClassifierConfig {

  /** What a TRANSIENT group asks for: {@code NONE}, or {@code RERUN} where re-runs are wanted. */
  @WithDefault("NONE")
  Action transientAction();

  /** How long an incident waits for the KB view to catch up with {@code kb.entries}. */
  @WithDefault("60s")
  Duration kbCatchUpTimeout();

  Warehouse warehouse();

  /** The production warehouse that diagnostic queries read, through a read-only connection. */
  interface Warehouse {

    /** {@code none} (no diagnostics), {@code duckdb}, {@code postgres} or {@code bigquery}. */
    @WithDefault("none")
    Kind kind();

    /** The most rows a diagnostic query returns. */
    @WithDefault("100")
    int maxRows();

    /** The production DuckDB file, for {@code duckdb}; opened read-only per incident. */
    Optional<Path> duckdbPath();

    BigQuery bigquery();

    Postgres postgres();
  }

  /** PostgreSQL, for {@code postgres}: a role that may only read production. */
  interface Postgres {

    /** {@code jdbc:postgresql://host:port/database}. */
    Optional<String> url();

    /** A role with {@code USAGE} and {@code SELECT} on the production schemas, nothing more. */
    Optional<String> user();

    /** Its password (a secret). */
    Optional<String> password();

    /** How long one diagnostic query may run before PostgreSQL cancels it. */
    @WithDefault("30")
    int timeoutSeconds();
  }

  /** BigQuery, for {@code bigquery}: the project that runs (and pays for) the queries. */
  interface BigQuery {

    /** The project the query jobs run in. */
    Optional<String> project();

    /** The location of the datasets, e.g. {@code EU}; BigQuery's default when absent. */
    Optional<String> location();

    /**
     * A service account key with read-only access (BigQuery Data Viewer and Job User); absent: the
     * application default credentials.
     */
    Optional<Path> credentialsFile();

    /** The API's root URL: another endpoint, or a local server in tests. */
    Optional<String> host();

    /** Queries that would bill more bytes fail instead. */
    @WithDefault("10000000000")
    long maxBytesBilled();
  }

  /** Warehouse adapters. */
  enum Kind {
    none,
    duckdb,
    postgres,
    bigquery
  }
}
