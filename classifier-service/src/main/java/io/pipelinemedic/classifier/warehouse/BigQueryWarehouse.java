package io.pipelinemedic.classifier.warehouse;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.LegacySQLTypeName;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableResult;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * BigQuery through the Google client. Every query is dry-run first and runs only if BigQuery itself
 * calls it a {@code SELECT}, so no statement of ours can write, whatever the credential may do
 * (which should be read-only too); bytes billed are capped, and only the first page of rows, at
 * most the row limit, is read.
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
    try {
      refuseAnythingButSelect(sql);
      TableResult result =
          bigQuery.query(
              QueryJobConfiguration.newBuilder(sql)
                  .setUseLegacySql(false)
                  .setMaxResults((long) maxRows)
                  .setMaximumBytesBilled(maxBytesBilled)
                  .setLabels(Map.of("medic", "diagnostics"))
                  .build());
      List<Field> fields = result.getSchema() == null ? List.of() : result.getSchema().getFields();
      List<List<Object>> rows = new ArrayList<>();
      for (FieldValueList values : result.getValues()) {
        if (rows.size() == maxRows) {
          break;
        }
        List<Object> row = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
          row.add(value(fields.get(i), values.get(i)));
        }
        rows.add(row);
      }
      return new QueryResult(
          sql,
          fields.stream().map(Field::getName).toList(),
          rows,
          result.getTotalRows() > rows.size(),
          (System.nanoTime() - start) / 1_000_000);
    } catch (BigQueryException e) {
      throw new SQLException("BigQuery: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while BigQuery ran the query", e);
    }
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

  private void refuseAnythingButSelect(String sql) throws SQLException {
    Job dryRun =
        bigQuery.create(
            JobInfo.of(
                QueryJobConfiguration.newBuilder(sql)
                    .setUseLegacySql(false)
                    .setDryRun(true)
                    .build()));
    JobStatistics.QueryStatistics statistics = dryRun.getStatistics();
    JobStatistics.QueryStatistics.StatementType type =
        statistics == null ? null : statistics.getStatementType();
    if (type == null || !type.equals(JobStatistics.QueryStatistics.StatementType.SELECT)) {
      throw new SQLException(
          "refused: BigQuery says this is a " + type + " statement, not a SELECT: " + sql);
    }
  }

  private static Object value(Field field, FieldValue value) {
    if (value == null || value.isNull()) {
      return null;
    }
    LegacySQLTypeName type = field.getType();
    if (type.equals(LegacySQLTypeName.INTEGER)) {
      return value.getLongValue();
    }
    if (type.equals(LegacySQLTypeName.FLOAT)) {
      return value.getDoubleValue();
    }
    if (type.equals(LegacySQLTypeName.NUMERIC) || type.equals(LegacySQLTypeName.BIGNUMERIC)) {
      return new BigDecimal(value.getStringValue());
    }
    if (type.equals(LegacySQLTypeName.BOOLEAN)) {
      return value.getBooleanValue();
    }
    return value.getValue() instanceof String
        ? value.getStringValue()
        : String.valueOf(value.getValue());
  }
}
