package io.pipelinemedic.classifier.warehouse;

import com.google.cloud.bigquery.BigQuery;
import io.pipelinemedic.dbt.ReadOnlyBigQuery;
import java.sql.SQLException;

/**
 * BigQuery through the Google client, read as {@link ReadOnlyBigQuery} reads it: dry-run first, run
 * only as a {@code SELECT}, bytes billed capped, at most the row limit.
 */
public final class BigQueryWarehouse implements Warehouse {

  private final BigQuery bigQuery;
  private final int maxRows;
  private final long maxBytesBilled;

  /** Queries through {@code bigQuery}, at most {@code maxRows} rows and bytes billed each. */
  public BigQueryWarehouse(BigQuery bigQuery, int maxRows, long maxBytesBilled) {
    this.bigQuery = bigQuery;
    this.maxRows = maxRows;
    this.maxBytesBilled = maxBytesBilled;
  }

  @Override
  public QueryResult query(String sql) throws SQLException {
    long start = System.nanoTime();
    ReadOnlyBigQuery.Rows result =
        ReadOnlyBigQuery.select(bigQuery, sql, maxRows, maxBytesBilled, "diagnostics");
    return new QueryResult(
        sql,
        result.columns(),
        result.rows(),
        result.truncated(),
        (System.nanoTime() - start) / 1_000_000);
  }

  @Override
  public String quote(String identifier) {
    return "`" + identifier.replace("`", "\\`") + "`";
  }

  @Override
  public String literal(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  @Override
  public String textType() {
    return "string";
  }

  @Override
  public void close() {
    // the client holds no connection of its own
  }
}
