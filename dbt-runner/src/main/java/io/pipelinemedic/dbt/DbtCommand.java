package io.pipelinemedic.dbt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A dbt invocation as an argument list, never a shell string. Values that could be read as flags
 * (starting with {@code -}), unknown subcommands and unknown resource types are refused when the
 * command is built.
 *
 * @param arguments the arguments after the {@code dbt} executable
 */
public record DbtCommand(List<String> arguments) {

  /** The subcommands Pipeline Medic runs. */
  public static final Set<String> SUBCOMMANDS =
      Set.of("build", "run", "test", "compile", "seed", "snapshot", "ls", "parse", "debug", "deps");

  /** The resource types dbt knows, for {@code --resource-type}. */
  public static final Set<String> RESOURCE_TYPES =
      Set.of(
          "model",
          "test",
          "unit_test",
          "seed",
          "snapshot",
          "source",
          "analysis",
          "exposure",
          "metric",
          "semantic_model",
          "saved_query",
          "function");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

  public DbtCommand {
    arguments = List.copyOf(arguments);
  }

  /** A command for one of {@link #SUBCOMMANDS}. */
  public static Builder of(String subcommand) {
    if (!SUBCOMMANDS.contains(subcommand)) {
      throw new IllegalArgumentException("unsupported dbt subcommand: " + subcommand);
    }
    return new Builder(List.of(subcommand));
  }

  /** {@code dbt source freshness}: writes {@code sources.json}. */
  public static Builder sourceFreshness() {
    return new Builder(List.of("source", "freshness"));
  }

  /** Builds a {@link DbtCommand}, checking every value as it is added. */
  public static final class Builder {

    private final List<String> arguments;

    private Builder(List<String> subcommand) {
      this.arguments = new ArrayList<>(subcommand);
    }

    /** {@code --select} with node selectors, e.g. {@code stg_orders+} or {@code tag:nightly}. */
    public Builder select(String... selectors) {
      return selectors("--select", selectors);
    }

    /** {@code --exclude} with node selectors. */
    public Builder exclude(String... selectors) {
      return selectors("--exclude", selectors);
    }

    /** {@code --resource-type}, each checked against {@link #RESOURCE_TYPES}. */
    public Builder resourceTypes(String... types) {
      for (String type : types) {
        if (!RESOURCE_TYPES.contains(type)) {
          throw new IllegalArgumentException("unknown dbt resource type: " + type);
        }
        arguments.add("--resource-type");
        arguments.add(type);
      }
      return this;
    }

    /** {@code --target}: a profile output name. */
    public Builder target(String target) {
      arguments.add("--target");
      arguments.add(name("target", target));
      return this;
    }

    /** {@code --project-dir}. */
    public Builder projectDir(Path dir) {
      arguments.add("--project-dir");
      arguments.add(dir.toAbsolutePath().toString());
      return this;
    }

    /** {@code --profiles-dir}. */
    public Builder profilesDir(Path dir) {
      arguments.add("--profiles-dir");
      arguments.add(dir.toAbsolutePath().toString());
      return this;
    }

    /** {@code --target-path}: where the artifacts are written. */
    public Builder targetPath(Path dir) {
      arguments.add("--target-path");
      arguments.add(dir.toAbsolutePath().toString());
      return this;
    }

    /** {@code --log-path}: where {@code dbt.log} is written. */
    public Builder logPath(Path dir) {
      arguments.add("--log-path");
      arguments.add(dir.toAbsolutePath().toString());
      return this;
    }

    /**
     * {@code --defer --state}: a node the invocation does not build, and that the target does not
     * hold, is read where the manifest in {@code state} says production has it.
     */
    public Builder deferTo(Path state) {
      arguments.add("--defer");
      arguments.add("--state");
      arguments.add(state.toAbsolutePath().toString());
      return this;
    }

    /** {@code --output json --output-keys}: {@code dbt ls} prints each node as a JSON line. */
    public Builder jsonKeys(String... keys) {
      arguments.add("--output");
      arguments.add("json");
      arguments.add("--output-keys");
      for (String key : keys) {
        arguments.add(name("output key", key));
      }
      return this;
    }

    /** {@code --threads}. */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1: " + threads);
      }
      arguments.add("--threads");
      arguments.add(String.valueOf(threads));
      return this;
    }

    public DbtCommand build() {
      return new DbtCommand(arguments);
    }

    private Builder selectors(String flag, String... selectors) {
      if (selectors.length == 0) {
        throw new IllegalArgumentException(flag + " needs at least one selector");
      }
      arguments.add(flag);
      for (String selector : selectors) {
        if (selector == null || selector.isBlank() || selector.startsWith("-")) {
          throw new IllegalArgumentException("refused selector value: '" + selector + "'");
        }
        arguments.add(selector);
      }
      return this;
    }

    private static String name(String what, String value) {
      if (value == null || !NAME.matcher(value).matches()) {
        throw new IllegalArgumentException("refused " + what + " value: '" + value + "'");
      }
      return value;
    }
  }
}
