package io.pipelinemedic.context.config;

import io.pipelinemedic.schemas.model.Layer;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The context-service's settings, under {@code medic.context}. */
@ConfigMapping(prefix = "medic.context")
public interface ContextConfig {

  DbtCloud dbtCloud();

  Airflow airflow();

  Http http();

  Kb kb();

  Layers layers();

  /** Where Airflow tasks upload their {@code target/} folders. */
  interface Airflow {

    /**
     * The folders an alert's {@code artifacts_uri} may name ({@code file:///shared/airflow/} or
     * {@code https://artifacts.internal/dbt/}); a location under none of them is refused. None by
     * default: an alert cannot make the service read a file or call a host nobody configured.
     */
    Optional<List<URI>> artifactRoots();
  }

  /** The dbt Cloud Administrative API v2. */
  interface DbtCloud {

    /** The account's API host, which differs by region and cell. */
    @WithDefault("https://cloud.getdbt.com")
    URI baseUrl();

    /** A service token with read access to runs and artifacts. */
    Optional<String> token();

    /** Whether runs that the Admin API shows are not scheduled production runs are ignored. */
    @WithDefault("true")
    boolean scheduledOnly();

    /**
     * The run causes ({@code trigger.cause_category}) acted on: {@code scheduled}, and e.g. {@code
     * api} or {@code job completion} for production runs started that way.
     */
    @WithDefault("scheduled")
    Set<String> actedOnCauses();

    /**
     * Production environments; when set, runs of other environments are ignored (else the
     * environment's {@code deployment_type} must be {@code production}).
     */
    Optional<Set<String>> environmentIds();
  }

  /** Every download: dbt Cloud Admin API and Airflow artifact locations. */
  interface Http {

    /** Attempts per request, the first included, on 429, 5xx and timeouts. */
    @WithDefault("5")
    int attempts();

    /** Backoff before the second attempt; doubles after each retry. */
    @WithDefault("1s")
    Duration initialBackoff();

    /**
     * Ceiling of the backoff, and the longest {@code Retry-After} honoured (a longer one fails).
     */
    @WithDefault("30s")
    Duration maxBackoff();

    /** Time limit of one request, until the response headers arrive. */
    @WithDefault("30s")
    Duration timeout();

    /** Time limit of reading one response's body (a 300 MB manifest included); past it, cut. */
    @WithDefault("10m")
    Duration bodyTimeout();
  }

  /** The local view of {@code kb.entries}. */
  interface Kb {

    /** How long an incident waits for the view to catch up with the topic at start. */
    @WithDefault("60s")
    Duration catchUpTimeout();
  }

  /** How a node's layer is decided; the dbt community's conventions when neither is set. */
  interface Layers {

    /** Folder name → layer, e.g. {@code staging=STAGING}. */
    Map<String, Layer> folders();

    /** Model name prefix → layer, e.g. {@code stg_=STAGING}; the longest prefix wins. */
    Map<String, Layer> prefixes();
  }
}
