package io.pipelinemedic.kb.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** The kb-sync-service's settings, under {@code medic.kb}. */
@ConfigMapping(prefix = "medic.kb")
public interface KbSyncConfig {

  Notion notion();

  Git git();

  Outbox outbox();

  /** A Notion database whose pages are KB entries; synced when a database id is set. */
  interface Notion {

    /** The API host. */
    @WithDefault("https://api.notion.com")
    URI baseUrl();

    /** The integration's token; the database must be shared with the integration. */
    Optional<String> token();

    /** The database of KB entries; the Notion source is off without it. */
    Optional<String> databaseId();

    /** {@code Notion-Version}; before 2025-09-03 the database itself is queried. */
    @WithDefault("2025-09-03")
    String version();

    /** Most requests per second (Notion allows about 3 per integration). */
    @WithDefault("3")
    double requestsPerSecond();

    /** How far before the last seen edit an incremental sync looks again. */
    @WithDefault("10m")
    Duration overlap();

    /** Pages per query request (at most 100). */
    @WithDefault("100")
    int pageSize();

    /** How often the sync is scheduled: a duration such as {@code 5m}, or {@code off}. */
    String interval();

    /** How often a scheduled sync reads every page, to find deleted ones. */
    @WithDefault("1h")
    Duration fullSyncInterval();

    /** Attempts per request, the first included, on 429, 529, 5xx and timeouts. */
    @WithDefault("5")
    int attempts();

    /** Backoff before the second attempt when no {@code Retry-After} is given. */
    @WithDefault("1s")
    Duration initialBackoff();

    /** Ceiling of the backoff when Notion gives no {@code Retry-After}. */
    @WithDefault("60s")
    Duration maxBackoff();

    /**
     * The longest {@code Retry-After} waited for, exactly (Notion's may exceed the backoff's
     * ceiling); a longer one ends the sync, and the next one starts from the same cursor.
     */
    @WithDefault("5m")
    Duration maxRetryAfter();

    /** Time limit of one request, until the response headers arrive. */
    @WithDefault("30s")
    Duration timeout();

    /** Time limit of reading one response's body; past it, cut. */
    @WithDefault("2m")
    Duration bodyTimeout();
  }

  /** A folder of markdown entries in a git repository; synced when a URI is set. */
  interface Git {

    /** The repository, e.g. the dbt project's; the git source is off without it. */
    Optional<String> uri();

    /** A token for an HTTPS remote (sent as the password of user {@code x-access-token}). */
    Optional<String> token();

    /** The branch that is read. */
    @WithDefault("main")
    String branch();

    /** The folder of entries inside the repository. */
    @WithDefault("kb")
    String path();

    /** How often the sync is scheduled: a duration such as {@code 1m}, or {@code off}. */
    String interval();

    /** Where the service keeps its bare clone. */
    @WithDefault("${user.home}/.medic/kb-git")
    String cloneDir();
  }

  /** Publication of stored changes to {@code kb.entries}. */
  interface Outbox {

    /** How often publication runs: a duration such as {@code 2s}, or {@code off}. */
    String interval();

    /** Changes sent per round trip. */
    @WithDefault("200")
    int batchSize();
  }
}
