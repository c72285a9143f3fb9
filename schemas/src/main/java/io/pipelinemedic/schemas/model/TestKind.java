package io.pipelinemedic.schemas.model;

/** How a dbt test was declared. */
public enum TestKind {
  /** A generic test from YAML ({@code test_metadata} present), e.g. unique. */
  GENERIC,
  /** A singular test: a SQL file under {@code tests/}. */
  SINGULAR,
  /** A unit test (dbt 1.8+): given input rows, the rows one model must return. */
  UNIT
}
