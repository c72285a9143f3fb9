package io.pipelinemedic.ingest.upload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * What ingest needs from an uploaded {@code run_results.json}, read in one streaming pass without
 * building a tree: the invocation id (the run's id), the dbt version and how many nodes failed.
 *
 * @param dbtVersion {@code metadata.dbt_version}
 * @param invocationId {@code metadata.invocation_id}
 * @param generatedAt {@code metadata.generated_at}
 * @param results number of results
 * @param failures results whose status is error, fail or runtime error
 */
public record RunResultsSummary(
    String dbtVersion, String invocationId, String generatedAt, int results, int failures) {

  private static final Set<String> FAILED = Set.of("error", "fail", "runtime error");

  /**
   * The summary of a run that stopped before it wrote run_results.json: one failure, the run, and
   * an id that is the hash of its log (the same log reported twice is the same run).
   */
  public static RunResultsSummary ofLog(Path log) {
    try (InputStream in = Files.newInputStream(log)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      for (int read; (read = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, read);
      }
      return new RunResultsSummary(
          null, "log-" + HexFormat.of().formatHex(digest.digest()).substring(0, 32), null, 0, 1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the uploaded dbt_log", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads the summary; fails with the parser's reason if the file is not run_results JSON. */
  public static RunResultsSummary read(JsonFactory factory, Path file) throws IOException {
    try (JsonParser parser = factory.createParser(file.toFile())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("run_results.json is not a JSON object");
      }
      String dbtVersion = null;
      String invocation = null;
      String generated = null;
      int results = 0;
      int failures = 0;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("metadata".equals(field) && value == JsonToken.START_OBJECT) {
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            parser.nextToken();
            switch (key) {
              case "dbt_version" -> dbtVersion = parser.getValueAsString();
              case "invocation_id" -> invocation = parser.getValueAsString();
              case "generated_at" -> generated = parser.getValueAsString();
              default -> parser.skipChildren();
            }
          }
        } else if ("results".equals(field) && value == JsonToken.START_ARRAY) {
          while (parser.nextToken() == JsonToken.START_OBJECT) {
            results++;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
              String key = parser.currentName();
              parser.nextToken();
              if ("status".equals(key) && FAILED.contains(parser.getValueAsString())) {
                failures++;
              } else {
                parser.skipChildren();
              }
            }
          }
        } else {
          parser.skipChildren();
        }
      }
      return new RunResultsSummary(dbtVersion, invocation, generated, results, failures);
    }
  }
}
