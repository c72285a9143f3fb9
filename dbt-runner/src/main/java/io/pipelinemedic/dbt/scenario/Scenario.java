package io.pipelinemedic.dbt.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A failure scenario of an example project ({@code examples/scenarios/<name>/scenario.yml}): what
 * it injects and the ground truth a classifier and a fix must match.
 *
 * @param name the directory name, e.g. {@code 01-new-sku-prefix}
 * @param dir the scenario's directory
 * @param project the example project it plays, a folder of {@code examples/} ({@code shop} unless
 *     it says)
 * @param description what happened, in plain language
 * @param injection what the scenario changes before the scheduled build
 * @param job how the scheduled job runs dbt
 * @param expected the ground truth
 */
public record Scenario(
    String name,
    Path dir,
    String project,
    String description,
    Injection injection,
    Job job,
    Expected expected) {

  private static final Pattern PROJECT = Pattern.compile("[a-z][a-z0-9_]*");

  /**
   * The scheduled job's commands after {@code dbt source freshness}: {@code dbt run} then {@code
   * dbt test} as separate steps (a model's failure shows up as failing tests downstream), or one
   * {@code dbt build} (a failure skips everything below it, its tests included).
   */
  public enum Job {
    STEPS,
    BUILD
  }

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS);

  /**
   * What a scenario injects. Files under the scenario's {@code files/} folder are copied over the
   * project and committed as the day's change.
   *
   * @param data SQL file run against the production warehouse's raw tables
   * @param commitMessage message of the commit that carries {@code files/}
   * @param lockFx hold a write lock on the finance team's FX database during the build
   */
  public record Injection(String data, String commitMessage, boolean lockFx) {}

  /**
   * The ground truth. Node ids are dbt unique ids without the hash dbt appends to test ids, e.g.
   * {@code test.shop.not_null_stg_orders_customer_id}; a stale source is its source id.
   *
   * @param failureClass CODE, SOURCE or TRANSIENT
   * @param action what the classifier asks for: RECIPE, AGENT, REPORT or NONE
   * @param rootCause the node where the problem starts
   * @param failures every node that fails or errors in the run (sources.json included), nothing
   *     else
   * @param cascades the failures that are consequences of the root cause
   * @param skipped nodes that must be skipped because of a failure
   * @param fix for CODE, the correct fix in words and as the change it makes
   * @param owner for SOURCE, the email address the report must be drafted to
   * @param knownLimit what the classifier cannot yet tell from the data alone, without the KB, and
   *     why; the scenario then needs its KB entry to come out right
   */
  public record Expected(
      @JsonProperty("class") String failureClass,
      String action,
      String rootCause,
      List<String> failures,
      List<String> cascades,
      List<String> skipped,
      String fix,
      String owner,
      String knownLimit) {

    public Expected {
      failures = failures == null ? List.of() : List.copyOf(failures);
      cascades = cascades == null ? List.of() : List.copyOf(cascades);
      skipped = skipped == null ? List.of() : List.copyOf(skipped);
    }
  }

  private record File(
      String project, String description, Injection injection, Job job, Expected expected) {}

  /** A unique id as the ground truth writes it: a test's id without the hash dbt appends. */
  public static String groundTruthId(String uniqueId) {
    return uniqueId.replaceFirst("^(test\\..+)\\.[0-9a-f]{10}$", "$1");
  }

  /** Reads {@code scenario.yml} of the scenario in {@code dir}. */
  public static Scenario load(Path dir) throws IOException {
    File file = YAML.readValue(dir.resolve("scenario.yml").toFile(), File.class);
    Injection injection =
        file.injection() == null ? new Injection(null, null, false) : file.injection();
    String project = file.project() == null ? "shop" : file.project();
    if (!PROJECT.matcher(project).matches()) {
      throw new IOException(dir + "/scenario.yml: project must be a folder name of examples/");
    }
    return new Scenario(
        dir.getFileName().toString(),
        dir,
        project,
        file.description(),
        injection,
        file.job() == null ? Job.STEPS : file.job(),
        file.expected());
  }

  /** Every scenario under {@code scenariosDir}, in name order. */
  public static List<Scenario> all(Path scenariosDir) throws IOException {
    try (Stream<Path> dirs = Files.list(scenariosDir)) {
      List<Path> sorted =
          dirs.filter(d -> Files.exists(d.resolve("scenario.yml"))).sorted().toList();
      List<Scenario> scenarios = new ArrayList<>();
      for (Path dir : sorted) {
        scenarios.add(load(dir));
      }
      return scenarios;
    }
  }
}
