package io.pipelinemedic.classifier;

import io.pipelinemedic.dbt.ReadOnlyDuckDb;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.KbMatch;
import io.pipelinemedic.schemas.model.LineageNode;
import io.pipelinemedic.schemas.model.Owner;
import io.pipelinemedic.schemas.model.Relation;
import io.pipelinemedic.testsupport.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.duckdb.DuckDBDriver;

/**
 * Hand-built test material: failures with only what the rules read, DuckDB files, their PostgreSQL
 * copies.
 */
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

  /**
   * The tables and views of the DuckDB file {@code duckdb} copied, as tables, into a new database
   * {@code database} of the test's PostgreSQL server (one of that name is dropped first); its JDBC
   * URL.
   */
  public static String copyToPostgres(Path duckdb, String database) throws SQLException {
    try (Connection admin =
            DriverManager.getConnection(PostgresServer.jdbcUrl(), PostgresServer.USER, "");
        Statement sql = admin.createStatement()) {
      sql.execute("drop database if exists " + database + " with (force)");
      sql.execute("create database " + database);
    }
    String url = "jdbc:postgresql://127.0.0.1:" + PostgresServer.port() + "/" + database;
    try (Connection from = ReadOnlyDuckDb.open(duckdb, Map.of());
        Connection to = DriverManager.getConnection(url, PostgresServer.USER, "");
        Statement read = from.createStatement();
        Statement write = to.createStatement()) {
      List<String[]> tables = new ArrayList<>();
      try (ResultSet found =
          read.executeQuery(
              "select table_schema, table_name from information_schema.tables"
                  + " where table_catalog = current_database()")) {
        while (found.next()) {
          tables.add(new String[] {found.getString(1), found.getString(2)});
        }
      }
      for (String[] table : tables) {
        String name = "\"" + table[0] + "\".\"" + table[1] + "\"";
        write.execute("create schema if not exists \"" + table[0] + "\"");
        try (ResultSet rows = read.executeQuery("select * from " + name)) {
          ResultSetMetaData meta = rows.getMetaData();
          List<String> columns = new ArrayList<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(
                "\"" + meta.getColumnLabel(i) + "\" " + postgresType(meta.getColumnTypeName(i)));
          }
          write.execute("create table " + name + " (" + String.join(", ", columns) + ")");
          try (PreparedStatement insert =
              to.prepareStatement(
                  "insert into "
                      + name
                      + " values ("
                      + String.join(", ", java.util.Collections.nCopies(columns.size(), "?"))
                      + ")")) {
            while (rows.next()) {
              for (int i = 1; i <= columns.size(); i++) {
                insert.setObject(i, rows.getObject(i));
              }
              insert.executeUpdate();
            }
          }
        }
      }
    }
    return url;
  }

  private static String postgresType(String duckdb) {
    return switch (duckdb) {
      case "VARCHAR" -> "text";
      case "DOUBLE" -> "double precision";
      case "HUGEINT", "UBIGINT" -> "numeric";
      default -> duckdb;
    };
  }

  /** A writable connection to the DuckDB file {@code database}, for building test warehouses. */
  public static Connection duckdb(Path database) throws SQLException {
    return new DuckDBDriver().connect("jdbc:duckdb:" + database, new Properties());
  }
}
