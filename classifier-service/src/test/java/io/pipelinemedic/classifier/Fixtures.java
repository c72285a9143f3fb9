package io.pipelinemedic.classifier;

import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.KbMatch;
import io.pipelinemedic.schemas.model.LineageNode;
import io.pipelinemedic.schemas.model.Owner;
import io.pipelinemedic.schemas.model.Relation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.duckdb.DuckDBDriver;

/** Hand-built test material: failures with only what the rules read, DuckDB files. */
public final class Fixtures {

  private Fixtures() {}

  public static Failure failure(
      String uniqueId,
      String resourceType,
      String testName,
      String status,
      String message,
      String attachedNode,
      List<String> upstreamFailures) {
    String name = uniqueId.substring(uniqueId.lastIndexOf('.') + 1);
    return new Failure(
        uniqueId,
        resourceType,
        name,
        testName,
        null,
        status,
        message,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        attachedNode,
        null,
        List.of(),
        upstreamFailures,
        List.of());
  }

  /** {@code failure} as the context step leaves it when KB entries match it. */
  public static Failure matching(Failure failure, KbMatch... matches) {
    return new Failure(
        failure.uniqueId(),
        failure.resourceType(),
        failure.name(),
        failure.testName(),
        failure.testKind(),
        failure.status(),
        failure.message(),
        failure.failingRows(),
        failure.compiledCode(),
        failure.compiledCodeUri(),
        failure.originalFilePath(),
        failure.modelFilePath(),
        failure.columnName(),
        failure.testKwargs(),
        failure.severity(),
        failure.attachedNode(),
        new Owner("Shop analytics", null, null),
        failure.lineage(),
        failure.upstreamFailures(),
        List.of(matches));
  }

  /**
   * A lineage node whose relation is written as dbt renders it ({@code "prod"."raw"."orders"} or
   * {@code raw.orders}); its parts are that text split at the dots, unquoted.
   */
  public static LineageNode lineageNode(
      String id, String type, String relation, String... parents) {
    Relation parts = null;
    if (relation != null) {
      List<String> names =
          java.util.Arrays.stream(relation.split("\\."))
              .map(name -> name.replaceAll("^\"|\"$", ""))
              .toList();
      parts =
          names.size() == 3
              ? new Relation(names.get(0), names.get(1), names.get(2))
              : new Relation(null, names.get(0), names.get(1));
    }
    return new LineageNode(id, type, null, relation, parts, List.of(parents), false, null);
  }

  /** A writable connection to the DuckDB file {@code database}, for building test warehouses. */
  public static Connection duckdb(Path database) throws SQLException {
    return new DuckDBDriver().connect("jdbc:duckdb:" + database, new Properties());
  }
}
