package io.pipelinemedic.schemas.model;

import java.util.List;
import java.util.Map;

/**
 * One failed or errored node of a run, with what a person or agent needs to act on it.
 *
 * @param uniqueId dbt unique id
 * @param resourceType model, test, seed, snapshot or source
 * @param name node name
 * @param testName generic test name from {@code test_metadata.name}, e.g. {@code accepted_values}
 * @param testKind generic or singular, for tests
 * @param status dbt status: {@code fail}, {@code error} or {@code warn}
 * @param message dbt's or the database's message, quoted as untrusted data
 * @param failingRows failing row count, for tests
 * @param compiledCode compiled SQL (at most 64 KiB; longer code only by {@code compiledCodeUri})
 * @param compiledCodeUri compiled SQL in the artifact store, when too long to carry
 * @param originalFilePath file that declared the node (the YAML for a generic test)
 * @param modelFilePath SQL file of the model the failure is about
 * @param columnName tested column
 * @param testKwargs the test's arguments, e.g. {@code values} of accepted_values
 * @param severity {@code error} or {@code warn}
 * @param attachedNode the model or source a test is attached to
 * @param owner owner of the attached node
 * @param lineage unique ids of the lineage slice, from the failing node up to its sources; the
 *     nodes themselves are listed once per event (e.g. {@code ContextReady.lineage})
 * @param upstreamFailures other failures of the run that are upstream of this one
 * @param kbMatches KB entries matching this failure
 */
public record Failure(
    String uniqueId,
    String resourceType,
    String name,
    String testName,
    TestKind testKind,
    String status,
    String message,
    Long failingRows,
    String compiledCode,
    String compiledCodeUri,
    String originalFilePath,
    String modelFilePath,
    String columnName,
    Map<String, Object> testKwargs,
    String severity,
    String attachedNode,
    Owner owner,
    List<String> lineage,
    List<String> upstreamFailures,
    List<KbMatch> kbMatches) {

  public Failure {
    testKwargs = testKwargs == null ? Map.of() : testKwargs;
    lineage = Lists.orEmpty(lineage);
    upstreamFailures = Lists.orEmpty(upstreamFailures);
    kbMatches = Lists.orEmpty(kbMatches);
  }
}
