package io.pipelinemedic.schemas.model;

import java.util.function.UnaryOperator;

/**
 * A relation's parts as dbt's manifest gives them, unquoted: a warehouse quotes each part in its
 * own dialect, so no text of the manifest ever becomes SQL as it is.
 *
 * @param database the database (a DuckDB catalog, a BigQuery project); may be null
 * @param schema the schema (a BigQuery dataset)
 * @param identifier a model's {@code alias} or a source's {@code identifier}
 */
public record Relation(String database, String schema, String identifier) {

  /** Each part given to {@code quote} and joined by dots, the database only when there is one. */
  public String joined(UnaryOperator<String> quote) {
    return (database == null ? "" : quote.apply(database) + ".")
        + quote.apply(schema)
        + "."
        + quote.apply(identifier);
  }
}
