package io.pipelinemedic.runner.warehouse;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableId;
import io.pipelinemedic.dbt.DevProfile;
import io.pipelinemedic.dbt.ReadOnlyBigQuery;
import io.pipelinemedic.schemas.model.Relation;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One group's dev dataset on BigQuery, and the datasets dbt names after it for the project's custom
 * schemas ({@code <dataset>_staging}); an incremental model's production table is cloned into it
 * ({@code CREATE TABLE … CLONE}: no bytes copied, only what the build then changes is stored).
 *
 * @param areas the project and the service account
 * @param dataset the dev dataset
 * @param stateFolder the production manifest's folder
 * @param preparedMillis how long making it took
 */
public record BigQueryDevArea(
    BigQueryDevAreas areas, String dataset, Path stateFolder, long preparedMillis)
    implements DevArea {

  static BigQueryDevArea create(BigQueryDevAreas areas, String dataset, Path state)
      throws IOException {
    long start = System.nanoTime();
    BigQueryDevArea area = new BigQueryDevArea(areas, dataset, state, 0);
    area.reset();
    return new BigQueryDevArea(areas, dataset, state, (System.nanoTime() - start) / 1_000_000);
  }

  @Override
  public String profile(String profile, String target) {
    return DevProfile.bigquery(
        profile,
        target,
        areas.project(),
        dataset,
        areas.location(),
        areas.keyfile(),
        areas.maximumBytesBilled());
  }

  @Override
  public Map<String, String> environment() {
    return Map.of();
  }

  @Override
  public List<Path> readOnly() {
    return areas.keyfile() == null ? List.of() : List.of(areas.keyfile());
  }

  @Override
  public List<Path> writable() {
    return List.of();
  }

  @Override
  public boolean network() {
    return true;
  }

  @Override
  public Optional<Path> state() {
    return Optional.of(stateFolder);
  }

  @Override
  public boolean holds(Relation relation) throws IOException {
    try {
      return client()
              .getTable(TableId.of(relation.database(), relation.schema(), relation.identifier()))
          != null;
    } catch (BigQueryException e) {
      throw new IOException("cannot read the dev area's catalog: " + e.getMessage(), e);
    }
  }

  @Override
  public List<Map<String, Object>> rows(String select, int limit) throws IOException {
    try {
      ReadOnlyBigQuery.Rows result =
          ReadOnlyBigQuery.select(client(), select, limit, areas.maximumBytesBilled(), "dev-area");
      List<Map<String, Object>> rows = new ArrayList<>();
      for (List<Object> values : result.rows()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
          row.put(result.columns().get(i), values.get(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IOException("the query failed on the dev area: " + e.getMessage(), e);
    }
  }

  @Override
  public void copy(Relation production, Relation dev) throws IOException {
    if (!areas.project().equals(dev.database())
        || !dev.schema().equals(dataset) && !dev.schema().startsWith(dataset + "_")) {
      throw new IOException(dev.joined(name -> name) + " is not in the dev dataset " + dataset);
    }
    areas.ensure(dev.schema());
    try {
      client()
          .query(
              QueryJobConfiguration.newBuilder(
                      "CREATE TABLE " + sql(dev) + " CLONE " + sql(production))
                  .setUseLegacySql(false)
                  .setLabels(BigQueryDevAreas.LABELS)
                  .build());
    } catch (BigQueryException e) {
      throw new IOException(
          "cannot clone " + production.joined(name -> name) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while cloning " + production.joined(name -> name), e);
    }
  }

  @Override
  public void reset() throws IOException {
    drop();
    areas.ensure(dataset);
  }

  @Override
  public void drop() throws IOException {
    for (String each : areas.datasetsOf(dataset)) {
      try {
        client()
            .delete(
                DatasetId.of(areas.project(), each), BigQuery.DatasetDeleteOption.deleteContents());
      } catch (BigQueryException e) {
        throw new IOException("cannot delete the dev dataset " + each + ": " + e.getMessage(), e);
      }
    }
  }

  private BigQuery client() {
    return areas.client();
  }

  /** {@code `project`.`dataset`.`table`}, each part's backslashes and backticks escaped. */
  @Override
  public String sql(Relation relation) {
    return relation.joined(name -> "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`");
  }
}
