package io.pipelinemedic.ingest.airflow;

import io.pipelinemedic.ingest.intake.RejectedDelivery;
import io.pipelinemedic.ingest.intake.SignedMultipart;
import io.pipelinemedic.schemas.model.RunSource;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * What a multipart Airflow alert brought besides the alert: the dbt task's artifacts (files on disk
 * by their artifact name), or why the notifier found none.
 *
 * @param artifacts {@code run_results.json}, {@code manifest.json}, maybe {@code sources.json}
 * @param missing why there are none, as the notifier said
 */
public record AirflowUpload(Map<String, Path> artifacts, String missing) {

  /** The part holding the JSON alert. */
  static final String ALERT = "alert";

  /** The part saying why the artifacts are not there. */
  static final String MISSING = "artifacts_missing";

  static final Set<String> FIELDS = Set.of(ALERT, MISSING);

  /** The most of {@code artifacts_missing} an event carries. */
  static final int REASON_CHARS = 2000;

  /** The file parts and the artifact each is. */
  static final Map<String, String> ARTIFACTS =
      Map.of(
          "run_results", "run_results.json",
          "manifest", "manifest.json",
          "sources", "sources.json");

  static final Set<String> FILES = ARTIFACTS.keySet();

  /** A JSON alert: it names where the artifacts were uploaded instead. */
  static final AirflowUpload NONE = new AirflowUpload(Map.of(), null);

  /**
   * The upload of {@code parts}: run_results and manifest together, or (for a failed task) the
   * reason for none.
   */
  static AirflowUpload of(SignedMultipart parts, boolean failedTask) {
    Map<String, Path> files = parts.files();
    String missing = parts.fields().get(MISSING);
    if (!files.isEmpty() && !(files.containsKey("run_results") && files.containsKey("manifest"))) {
      throw new RejectedDelivery(
          RunSource.AIRFLOW, 400, "run_results and manifest come together, or not at all");
    }
    if (failedTask && files.isEmpty() && (missing == null || missing.isBlank())) {
      throw new RejectedDelivery(
          RunSource.AIRFLOW,
          400,
          "neither the dbt artifacts (run_results, manifest) nor " + MISSING + " came");
    }
    Map<String, Path> artifacts = new java.util.TreeMap<>();
    files.forEach((part, file) -> artifacts.put(ARTIFACTS.get(part), file));
    String reason =
        missing == null || missing.length() <= REASON_CHARS
            ? missing
            : missing.substring(0, REASON_CHARS) + "…";
    return new AirflowUpload(artifacts, files.isEmpty() ? reason : null);
  }

  /** Whether the alert came as multipart, with the artifacts or the reason for none. */
  boolean multipart() {
    return this != NONE;
  }
}
