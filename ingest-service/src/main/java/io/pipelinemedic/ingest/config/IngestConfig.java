package io.pipelinemedic.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;
import java.util.Set;

/** Settings of ingest-service: secrets, filters and limits of each way a failed run comes in. */
@ConfigMapping(prefix = "medic.ingest")
public interface IngestConfig {

  /** The dbt Cloud webhook. */
  DbtCloud dbtCloud();

  /** The Airflow failure alert. */
  Airflow airflow();

  /** The dbt Core upload endpoint. */
  Runs runs();

  /** Largest webhook body accepted, in bytes; larger ones are refused with 413 unread. */
  @WithDefault("1048576")
  int webhookMaxBytes();

  /** dbt Cloud webhook settings. */
  interface DbtCloud {

    /** Secret of the webhook subscription: the key of the body's HMAC-SHA256. */
    String secret();

    /** Environment ids to act on (production); all when absent. */
    Optional<Set<String>> environmentIds();

    /** Job ids to act on; all when absent. */
    Optional<Set<String>> jobIds();
  }

  /** Airflow alert settings. */
  interface Airflow {

    /** Shared secret: the key of the body's HMAC-SHA256. */
    String secret();

    /** Name of the Airflow deployment, used as the account in the run's identity. */
    @WithDefault("airflow")
    String instance();

    /** Ignore alerts whose {@code run_type} says the DAG run was not scheduled. */
    @WithDefault("true")
    boolean scheduledOnly();

    /** The largest multipart alert (the alert with a run's artifacts), in bytes; 413 above. */
    @WithDefault("268435456")
    long uploadMaxBytes();
  }

  /** GitHub's webhook (pull requests closed). */
  GitHub github();

  /** GitHub webhook settings. */
  interface GitHub {

    /**
     * Secret of the repository webhook: the key of {@code X-Hub-Signature-256}; refused without.
     */
    Optional<String> secret();
  }

  /** dbt Core upload settings. */
  interface Runs {

    /** Bearer token the uploader presents. */
    String token();
  }
}
