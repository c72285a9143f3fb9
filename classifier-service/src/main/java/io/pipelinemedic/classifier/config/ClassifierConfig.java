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

    /** {@code none} (no diagnostics) or {@code duckdb}. */
    @WithDefault("none")
    Kind kind();

    /** The most rows a diagnostic query returns. */
    @WithDefault("100")
    int maxRows();

    /** The production DuckDB file, for {@code duckdb}; opened read-only per incident. */
    Optional<Path> duckdbPath();
  }

  /** Warehouse adapters. */
  enum Kind {
    none,
    duckdb
  }
}
