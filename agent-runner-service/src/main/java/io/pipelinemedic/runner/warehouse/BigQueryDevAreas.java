package io.pipelinemedic.runner.warehouse;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Dataset;
import com.google.cloud.bigquery.DatasetInfo;
import io.pipelinemedic.schemas.model.Relation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dev areas of a team on BigQuery: a dataset per group in {@code project}, whose tables expire
 * by themselves, made and deleted by a service account that may read production's datasets and
 * write only datasets of its own (the split README.md documents; BigQuery's IAM enforces it).
 * Builds defer to production, so a group with no state to defer to gets no dev area.
 *
 * @param client the Google client, with the service account's credentials
 * @param project the project of the dev datasets (dbt's {@code project}), usually production's
 * @param location where the dev datasets are made, production's location ({@code null}: BigQuery's
 *     default)
 * @param tableExpiration how long a dev table lives if nothing deletes it
 * @param keyfile the service account's key file for dbt, or {@code null} for the environment's own
 *     credentials
 * @param maximumBytesBilled the cap on every query, dbt's and the runner's
 */
public record BigQueryDevAreas(
    BigQuery client,
    String project,
    String location,
    Duration tableExpiration,
    Path keyfile,
    long maximumBytesBilled)
    implements DevAreas {

  /** The label every dev dataset carries, so that an operator can find a leftover one. */
  static final Map<String, String> LABELS = Map.of("medic", "dev-area");

  @Override
  public DevArea create(String name, Path folder, Optional<Path> state) throws IOException {
    return BigQueryDevArea.create(this, DevAreas.name(name), DevAreas.deferredTo(state));
  }

  /** Anything but a dataset of a dev area ({@code medic_…}) of the dev project. */
  @Override
  public boolean isProduction(Relation relation) {
    return !(project.equals(relation.database()) && relation.schema().startsWith(DevAreas.PREFIX));
  }

  @Override
  public void drop(String name) throws IOException {
    new BigQueryDevArea(this, DevAreas.name(name), null, 0).drop();
  }

  /** Makes the dev dataset {@code dataset} if it is missing. */
  void ensure(String dataset) throws IOException {
    try {
      if (client.getDataset(dataset) == null) {
        DatasetInfo.Builder info =
            DatasetInfo.newBuilder(project, dataset)
                .setDefaultTableLifetime(tableExpiration.toMillis())
                .setLabels(LABELS)
                .setDescription("Pipeline Medic's dev area; deleted when the fix is done");
        if (location != null) {
          info.setLocation(location);
        }
        client.create(info.build());
      }
    } catch (BigQueryException e) {
      throw new IOException("cannot make the dev dataset " + dataset + ": " + e.getMessage(), e);
    }
  }

  /** The datasets of the dev area {@code dataset}: itself and those dbt named after it. */
  List<String> datasetsOf(String dataset) throws IOException {
    List<String> found = new ArrayList<>();
    try {
      for (Dataset each : client.listDatasets(project).iterateAll()) {
        String id = each.getDatasetId().getDataset();
        if (id.equals(dataset) || id.startsWith(dataset + "_")) {
          found.add(id);
        }
      }
    } catch (BigQueryException e) {
      throw new IOException("cannot list the datasets of " + project + ": " + e.getMessage(), e);
    }
    return found;
  }

  /** The settings, without the client. */
  @Override
  public String toString() {
    return "BigQueryDevAreas[" + project + (location == null ? "" : ", " + location) + "]";
  }
}
