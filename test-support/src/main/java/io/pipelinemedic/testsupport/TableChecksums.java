package io.pipelinemedic.testsupport;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Checksums of PostgreSQL tables, to show that production is byte for byte what it was. */
public final class TableChecksums {

  private TableChecksums() {}

  /**
   * An MD5 of each table's rows, in the order of their text, by its name as given ({@code
   * schema.table}, names the caller read from the catalog).
   */
  public static Map<String, String> of(Statement sql, List<String> tables) throws SQLException {
    Map<String, String> sums = new TreeMap<>();
    for (String table : tables) {
      try (ResultSet sum =
          sql.executeQuery(
              "select md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) from "
                  + table
                  + " t")) {
        sum.next();
        sums.put(table, sum.getString(1));
      }
    }
    return sums;
  }
}
