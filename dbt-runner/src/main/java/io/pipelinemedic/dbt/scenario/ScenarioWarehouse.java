package io.pipelinemedic.dbt.scenario;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where a scenario's production warehouse lives while it plays: the example project's DuckDB files
 * in the play's own folder, or a PostgreSQL database ({@link PostgresScenarioWarehouse}). The
 * example scripts take the same data to either ({@code build_warehouse.py}, {@code run_sql.py},
 * {@code hold_lock.py}); dbt runs the job with the profile's output for it.
 */
public interface ScenarioWarehouse {

  /**
   * DuckDB files in the play's folder: {@code prod.duckdb} and the finance team's {@code
   * fx.duckdb}.
   */
  static ScenarioWarehouse duckDb() {
    return new DuckDb();
  }

  /** The output of the example project's profile the nightly job runs with. */
  String target();

  /** The variables dbt and the scripts need to reach production from the play's {@code folder}. */
  Map<String, String> environment(Path folder);

  /** Makes production empty for a play whose folder is {@code folder} (made already). */
  void create(Path folder) throws IOException;

  /** What {@code build_warehouse.py} is given to build production. */
  String buildArgument(Path folder);

  /** What {@code run_sql.py} is given to run a data injection against production. */
  String database(Path folder);

  /** What {@code hold_lock.py} is given to hold the finance team's lock on its FX rates. */
  List<String> fxLock(Path folder);

  /** Done once production's first build has passed (the sandbox role's grants, on PostgreSQL). */
  void built(Path folder) throws IOException;

  /** The production DuckDB file a play leaves, or {@code null} when production is not a file. */
  Path file(Path folder);

  /** The DuckDB files, as the example project's {@code prod} output reads them. */
  final class DuckDb implements ScenarioWarehouse {

    private DuckDb() {}

    @Override
    public String target() {
      return "prod";
    }

    @Override
    public Map<String, String> environment(Path folder) {
      return Map.of("EXAMPLE_WAREHOUSE_DIR", folder.toString());
    }

    @Override
    public void create(Path folder) {
      // build_warehouse.py writes the files afresh
    }

    @Override
    public String buildArgument(Path folder) {
      return folder.toString();
    }

    @Override
    public String database(Path folder) {
      return file(folder).toString();
    }

    @Override
    public List<String> fxLock(Path folder) {
      return List.of(folder.resolve("fx.duckdb").toString());
    }

    @Override
    public void built(Path folder) {
      // a file has no roles
    }

    @Override
    public Path file(Path folder) {
      return folder.resolve("prod.duckdb");
    }
  }
}
