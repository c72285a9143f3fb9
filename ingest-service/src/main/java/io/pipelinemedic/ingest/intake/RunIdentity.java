package io.pipelinemedic.ingest.intake;

import io.pipelinemedic.schemas.model.RunSource;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/**
 * What makes a run the same run across deliveries: its source, account and run id. The incident id
 * is derived from it, so every delivery of a run names the same incident.
 *
 * @param source where the run was reported from
 * @param account dbt Cloud account, Airflow deployment or dbt project
 * @param runId the run's id within the account
 */
public record RunIdentity(RunSource source, String account, String runId) {

  /** {@code source:account:runId}, the dedupe key. */
  public String key() {
    return source.name().toLowerCase(Locale.ROOT) + ":" + account + ":" + runId;
  }

  /** The incident id of this run: {@code inc-} and a name-based UUID of the key. */
  public String incidentId() {
    return "inc-" + UUID.nameUUIDFromBytes(key().getBytes(StandardCharsets.UTF_8));
  }
}
