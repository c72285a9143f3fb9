package io.pipelinemedic.runner.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** The agent-runner-service's settings, under {@code medic.runner}. */
@ConfigMapping(prefix = "medic.runner")
public interface RunnerConfig {

  /**
   * The team's dbt repository: where runs are cloned from and fix branches pushed to; a plain URL,
   * never one that carries a credential.
   */
  String gitRemote();

  /** The token for an HTTPS repository (a secret: the URL never carries it). */
  Optional<String> gitToken();

  /** Where sandboxes are made; each is removed when its group is done. */
  @WithDefault("${user.home}/.medic/workspaces")
  Path workspaces();

  /**
   * How long the sandbox of an attempt that did not end VERIFIED is kept for a look (with the
   * agent's home under {@code agent/}, its prompt and output under {@code agent-output/}); zero
   * removes it at once.
   */
  @WithDefault("12h")
  Duration keepFailedWorkspaces();

  /**
   * The warehouse fixes are built and verified in: {@code duckdb} (production is a file), {@code
   * postgres} (a dev schema per group, made by the sandbox role) or {@code bigquery} (a dev dataset
   * per group, made by the sandbox service account).
   */
  @WithDefault("duckdb")
  String warehouse();

  /** The production DuckDB file, for {@code duckdb}: attached read-only, never written. */
  Optional<Path> productionDuckdb();

  /** Other production databases the models read, by alias, attached read-only to every dev area. */
  Map<String, Path> attachments();

  /**
   * Production DuckDB files smaller than this are copied for each sandbox instead of deferred to
   * (both are measured by {@code tools/bench/dev-area}); 0 always defers when the run left its
   * manifest.
   */
  @WithDefault("0")
  MemorySize duckdbCopyBelow();

  /** The PostgreSQL server and sandbox role, for {@code postgres}. */
  Optional<Postgres> postgres();

  /** The PostgreSQL warehouse, under {@code medic.runner.postgres}. */
  interface Postgres {

    String host();

    /** 5432 when unset (no default here: a default would make the group always present). */
    OptionalInt port();

    /** The production database; the dev schemas are made in it. */
    String database();

    /** The sandbox role ({@code tools/warehouse/postgres-sandbox-role.sql}). */
    String user();

    /** Its password (a secret). */
    Optional<String> password();
  }

  /** The BigQuery project and service account, for {@code bigquery}. */
  Optional<BigQuery> bigquery();

  /** The BigQuery warehouse, under {@code medic.runner.bigquery}. */
  interface BigQuery {

    /** The project of the dev datasets, and of production's unless a relation names another. */
    String project();

    /** Where the dev datasets are made: production's location ({@code EU}, {@code US}, …). */
    Optional<String> location();

    /**
     * The sandbox service account's key file, for dbt and the runner; unset, the credentials of the
     * runner's own identity (GKE workload identity, through the metadata server: dbt in the sandbox
     * gets no other credentials, not even {@code GOOGLE_APPLICATION_CREDENTIALS}).
     */
    Optional<Path> keyfile();

    /** How long a dev table lives if nothing deletes it; 1 day when unset. */
    Optional<Duration> tableExpiration();

    /** The cap on the bytes billed of each query, dbt's and the runner's; 10 GB when unset. */
    OptionalLong maximumBytesBilled();

    /** Another API host (a local server in tests); Google's when unset. */
    Optional<String> host();
  }

  /** Globs of the paths a fix may touch (the packages files: a fix of what dbt deps installs). */
  @WithDefault(
      "models/**,macros/**,seeds/**,snapshots/**,tests/**,analyses/**,dbt_project.yml,"
          + "packages.yml,dependencies.yml,package-lock.yml")
  List<String> allowedPaths();

  /** The most lines a fix may add and delete together. */
  @WithDefault("200")
  int maxChangedLines();

  /** The dbt executable; the project's own runtime by default. */
  @WithDefault(".venv/dbt/bin/dbt")
  Path dbt();

  /**
   * What the coding agent and every dbt invocation of a sandbox run in: {@code bubblewrap} (only
   * the sandbox writable, the runtimes read-only, nothing else of the host, no network for dbt), or
   * {@code none} on purpose where something else is the boundary (a pod of its own, gVisor).
   */
  @WithDefault("bubblewrap")
  String sandbox();

  /** More folders the sandbox shows read-only: an MCP server's runtime, a command agent's files. */
  Optional<List<Path>> sandboxReadOnlyPaths();

  /**
   * How old a failed run may be for its own results to be the baseline a fix is judged against; an
   * older run's selection is built in the sandbox first, since its data may have moved.
   */
  @WithDefault("6h")
  Duration baselineMaxAge();

  /**
   * Whether a warm dbt is started ahead for the next group's sandbox while the runner waits for it
   * (one idle Python process of dbt's runtime, about 150 MB), so that the group finds dbt imported.
   */
  @WithDefault("true")
  boolean dbtAhead();

  /** How long one dbt invocation may run. */
  @WithDefault("10m")
  Duration dbtTimeout();

  /** The coding agent for AGENT groups. */
  Agent agent();

  /** The coding agent, under {@code medic.runner.agent}. */
  interface Agent {

    /** {@code none}, {@code claude-code}, {@code codex} or {@code command}. */
    @WithDefault("none")
    String kind();

    /**
     * The agent's executable; for {@code claude-code} and {@code codex}, the project's own install
     * ({@code tools/agents/ensure-agents}) by default.
     */
    Optional<Path> executable();

    /** For {@code command}: the command line; the prompt arrives on stdin. */
    Optional<List<String>> command();

    /** The model to ask for; the CLI's default when unset. */
    Optional<String> model();

    /** Claude Code's allowed tools. */
    @WithDefault("Read,Edit,Write,Glob,Grep,Bash(dbt *)")
    List<String> allowedTools();

    /** Codex's {@code -c key=value} settings, e.g. its model provider. */
    Map<String, String> codexConfig();

    /** An MCP config file for Claude Code, e.g. the dbt MCP server. */
    Optional<Path> mcpConfig();

    /** Wall time before the agent is killed. */
    @WithDefault("15m")
    Duration timeout();

    /** Model turns. */
    @WithDefault("30")
    int maxTurns();

    /** Model cost in US dollars. */
    @WithDefault("5")
    double maxUsd();

    /**
     * The only variables the agent gets beyond the sandbox's own: its model endpoint and key, e.g.
     * {@code medic.runner.agent.env.ANTHROPIC_API_KEY=${ANTHROPIC_API_KEY}}.
     */
    Map<String, String> env();
  }
}
