package io.pipelinemedic.artifacts.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes the manifest (v12 shape) and run_results (v6) of a large synthetic dbt project,
 * deterministically from a seed: sources → staging → intermediate → marts, four generic tests per
 * model, realistic code and column sizes, and a run with a few hundred failing tests.
 */
final class SyntheticProject {

  static final int SOURCES = 500;
  static final int MODELS = 10_000;
  static final int TESTS_PER_MODEL = 4;
  static final int FAILURES = 300;

  private static final String[] TESTS = {"unique", "not_null", "accepted_values", "relationships"};

  private final Random random;
  private final JsonFactory json = new JsonFactory();

  SyntheticProject(long seed) {
    this.random = new Random(seed);
  }

  /** Writes {@code manifest.json} and {@code run_results.json} into {@code dir}. */
  void write(Path dir) throws IOException {
    List<String> failing = new ArrayList<>();
    try (JsonGenerator out =
        json.createGenerator(dir.resolve("manifest.json").toFile(), JsonEncoding.UTF8)) {
      out.writeStartObject();
      out.writeObjectFieldStart("metadata");
      out.writeStringField(
          "dbt_schema_version", "https://schemas.getdbt.com/dbt/manifest/v12.json");
      out.writeStringField("dbt_version", "1.11.16");
      out.writeEndObject();
      out.writeObjectFieldStart("nodes");
      for (int m = 0; m < MODELS; m++) {
        model(out, m);
        for (int t = 0; t < TESTS_PER_MODEL; t++) {
          String id = test(out, m, t);
          if (failing.size() < FAILURES && random.nextInt(130) == 0) {
            failing.add(id);
          }
        }
      }
      out.writeEndObject();
      out.writeObjectFieldStart("sources");
      for (int s = 0; s < SOURCES; s++) {
        out.writeObjectFieldStart("source.big.raw.table_" + s);
        out.writeStringField("resource_type", "source");
        out.writeStringField("name", "table_" + s);
        out.writeStringField("original_file_path", "models/staging/_sources.yml");
        out.writeStringField("relation_name", "\"raw\".\"raw\".\"table_" + s + "\"");
        out.writeObjectFieldStart("meta");
        out.writeStringField("owner", "team-" + (s % 17) + "@example.com");
        out.writeEndObject();
        columns(out, 12);
        out.writeEndObject();
      }
      out.writeEndObject();
      out.writeObjectFieldStart("groups");
      for (int g = 0; g < 17; g++) {
        out.writeObjectFieldStart("group.big.team_" + g);
        out.writeStringField("name", "team_" + g);
        out.writeObjectFieldStart("owner");
        out.writeStringField("name", "Team " + g);
        out.writeStringField("email", "team-" + g + "@example.com");
        out.writeEndObject();
        out.writeEndObject();
      }
      out.writeEndObject();
      out.writeEndObject();
    }
    try (JsonGenerator out =
        json.createGenerator(dir.resolve("run_results.json").toFile(), JsonEncoding.UTF8)) {
      out.writeStartObject();
      out.writeObjectFieldStart("metadata");
      out.writeStringField(
          "dbt_schema_version", "https://schemas.getdbt.com/dbt/run-results/v6.json");
      out.writeStringField(
          "invocation_id",
          "00000000-0000-0000-0000-" + String.format("%012d", random.nextInt(1_000_000)));
      out.writeEndObject();
      out.writeArrayFieldStart("results");
      for (String id : failing) {
        out.writeStartObject();
        out.writeStringField("status", "fail");
        out.writeStringField("unique_id", id);
        out.writeStringField("message", "Got 3 results, configured to fail if != 0");
        out.writeNumberField("failures", 3);
        out.writeStringField("compiled_code", "select * from failing_rows where id in (1, 2, 3)");
        out.writeEndObject();
      }
      out.writeEndArray();
      out.writeEndObject();
    }
  }

  private void model(JsonGenerator out, int m) throws IOException {
    String layer = m < 2_000 ? "staging" : m < 6_000 ? "intermediate" : "marts";
    String prefix = m < 2_000 ? "stg_" : m < 6_000 ? "int_" : "fct_";
    out.writeObjectFieldStart(modelId(m));
    out.writeStringField("resource_type", "model");
    out.writeStringField("name", prefix + "model_" + m);
    out.writeStringField(
        "original_file_path", "models/" + layer + "/" + prefix + "model_" + m + ".sql");
    out.writeStringField(
        "relation_name", "\"analytics\".\"" + layer + "\".\"" + prefix + "model_" + m + "\"");
    out.writeStringField("group", "team_" + (m % 17));
    out.writeStringField("raw_code", code(6_000));
    out.writeStringField("compiled_code", code(7_000));
    out.writeObjectFieldStart("config");
    out.writeStringField("materialized", "table");
    out.writeObjectFieldStart("meta");
    out.writeEndObject();
    out.writeEndObject();
    out.writeObjectFieldStart("depends_on");
    out.writeArrayFieldStart("macros");
    out.writeEndArray();
    out.writeArrayFieldStart("nodes");
    if (m < 2_000) {
      out.writeString("source.big.raw.table_" + (m % SOURCES));
    } else {
      int parents = 1 + random.nextInt(3);
      int lower = m < 6_000 ? 0 : 2_000;
      int upper = m < 6_000 ? 2_000 : 6_000;
      for (int p = 0; p < parents; p++) {
        out.writeString(modelId(lower + random.nextInt(upper - lower)));
      }
    }
    out.writeEndArray();
    out.writeEndObject();
    columns(out, 25);
    out.writeEndObject();
  }

  private String test(JsonGenerator out, int m, int t) throws IOException {
    String test = TESTS[t];
    String id =
        "test.big."
            + test
            + "_model_"
            + m
            + "_col_"
            + t
            + "."
            + String.format("%010x", random.nextLong() & 0xffffffffffL);
    out.writeObjectFieldStart(id);
    out.writeStringField("resource_type", "test");
    out.writeStringField("name", test + "_model_" + m + "_col_" + t);
    out.writeStringField("original_file_path", "models/schema_" + (m / 100) + ".yml");
    out.writeStringField("column_name", "col_" + t);
    out.writeStringField("attached_node", modelId(m));
    out.writeStringField("raw_code", "{{ test_" + test + "(**_dbt_generic_test_kwargs) }}");
    out.writeStringField("compiled_code", code(2_000));
    out.writeObjectFieldStart("test_metadata");
    out.writeStringField("name", test);
    out.writeObjectFieldStart("kwargs");
    out.writeStringField("column_name", "col_" + t);
    if (test.equals("accepted_values")) {
      out.writeArrayFieldStart("values");
      for (String value : new String[] {"placed", "shipped", "returned"}) {
        out.writeString(value);
      }
      out.writeEndArray();
    }
    out.writeEndObject();
    out.writeEndObject();
    out.writeObjectFieldStart("config");
    out.writeStringField("severity", "ERROR");
    out.writeEndObject();
    out.writeObjectFieldStart("depends_on");
    out.writeArrayFieldStart("nodes");
    out.writeString(modelId(m));
    out.writeEndArray();
    out.writeEndObject();
    out.writeEndObject();
    return id;
  }

  private void columns(JsonGenerator out, int count) throws IOException {
    out.writeObjectFieldStart("columns");
    for (int c = 0; c < count; c++) {
      out.writeObjectFieldStart("col_" + c);
      out.writeStringField("name", "col_" + c);
      out.writeStringField(
          "description",
          "Column " + c + " of a synthetic model, described at some length for realism.");
      out.writeStringField("data_type", c % 2 == 0 ? "varchar" : "bigint");
      out.writeEndObject();
    }
    out.writeEndObject();
  }

  private String code(int length) {
    StringBuilder sql = new StringBuilder(length + 40);
    while (sql.length() < length) {
      sql.append("select col_")
          .append(random.nextInt(15))
          .append(", count(*) from some_table group by 1\n");
    }
    return sql.toString();
  }

  private static String modelId(int m) {
    String prefix = m < 2_000 ? "stg_" : m < 6_000 ? "int_" : "fct_";
    return "model.big." + prefix + "model_" + m;
  }
}
