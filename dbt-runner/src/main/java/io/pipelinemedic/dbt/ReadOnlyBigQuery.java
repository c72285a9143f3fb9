package io.pipelinemedic.dbt;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.LegacySQLTypeName;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableResult;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads BigQuery through the Google client, for the classifier's diagnostics and the runner's dev
 * datasets alike: every query is dry-run first and runs only if BigQuery itself calls it a {@code
 * SELECT}, so no statement can write, whatever the credential may do; bytes billed are capped, the
 * job is labelled, and only the first page of rows, at most the row limit, is read.
 */
public final class ReadOnlyBigQuery {

  /**
   * What a query answered.
   *
   * @param columns the columns' names
   * @param rows at most the limit's rows, each value typed as its column says
   * @param truncated whether there were more rows
   */
  public record Rows(List<String> columns, List<List<Object>> rows, boolean truncated) {}

  private ReadOnlyBigQuery() {}

  /**
   * A Google client for {@code project}: with the service account of {@code keyfile}, or the
   * environment's own credentials (application default credentials); against another API host (a
   * local server) without credentials, unless a key file is given.
   */
  public static BigQuery client(
      String project, Optional<String> location, Optional<String> host, Optional<Path> keyfile)
      throws IOException {
    BigQueryOptions.Builder options = BigQueryOptions.newBuilder().setProjectId(project);
    location.ifPresent(options::setLocation);
    host.ifPresent(options::setHost);
    if (keyfile.isPresent()) {
      try (InputStream key = Files.newInputStream(keyfile.get())) {
        options.setCredentials(GoogleCredentials.fromStream(key));
      }
    } else if (host.isPresent()) {
      options.setCredentials(NoCredentials.getInstance());
    }
    return options.build().getService();
  }

  /**
   * The first {@code maxRows} rows of {@code sql}, which must be a SELECT.
   *
   * @param label the value of the job's {@code medic} label (what the query was for)
   * @throws SQLException when BigQuery refuses or fails it, or it is not a SELECT
   */
  public static Rows select(
      BigQuery bigQuery, String sql, int maxRows, long maxBytesBilled, String label)
      throws SQLException {
    try {
      refuseAnythingButSelect(bigQuery, sql);
      TableResult result =
          bigQuery.query(
              QueryJobConfiguration.newBuilder(sql)
                  .setUseLegacySql(false)
                  .setMaxResults((long) maxRows)
                  .setMaximumBytesBilled(maxBytesBilled)
                  .setLabels(Map.of("medic", label))
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
      return new Rows(
          fields.stream().map(Field::getName).toList(), rows, result.getTotalRows() > rows.size());
    } catch (BigQueryException e) {
      throw new SQLException("BigQuery: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while BigQuery ran the query", e);
    }
  }

  private static void refuseAnythingButSelect(BigQuery bigQuery, String sql) throws SQLException {
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
