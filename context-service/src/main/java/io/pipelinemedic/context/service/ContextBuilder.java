package io.pipelinemedic.context.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinemedic.artifacts.DbtLog;
import io.pipelinemedic.artifacts.Extraction;
import io.pipelinemedic.artifacts.FailureExtractor;
import io.pipelinemedic.artifacts.LayerRules;
import io.pipelinemedic.context.config.ContextConfig;
import io.pipelinemedic.context.source.ArtifactSource;
import io.pipelinemedic.context.source.FetchedRun;
import io.pipelinemedic.kb.entry.KbMatcher;
import io.pipelinemedic.schemas.ContextReady;
import io.pipelinemedic.schemas.Envelope;
import io.pipelinemedic.schemas.EventJson;
import io.pipelinemedic.schemas.RunFailed;
import io.pipelinemedic.schemas.model.ArtifactRef;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.KbEntry;
import io.pipelinemedic.schemas.model.Layer;
import io.pipelinemedic.service.ArtifactStore;
import io.pipelinemedic.service.kb.KbView;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an incident's {@code context.ready}: fetches the run's artifacts through the source of its
 * reporter, extracts the failures (from dbt's log when the run stopped before its artifacts),
 * attaches the KB entries that match each, and keeps the event compact (long compiled SQL goes to
 * the artifact store, long messages are cut).
 */
@ApplicationScoped
public class ContextBuilder {

  /** The producer named in every envelope. */
  public static final String PRODUCER = "context-service";

  /** Compiled SQL longer than this travels by artifact URI only. */
  static final int MAX_INLINE_CODE = 64 * 1024;

  /** Messages longer than this are cut; the full text stays in run_results.json. */
  static final int MAX_MESSAGE = 8 * 1024;

  /** The log of a run, uploaded with it or fetched from its steps. */
  public static final String DBT_LOG = "dbt.log";

  /** The largest event published: below Kafka's default 1 MB record limit, with room to spare. */
  static final int MAX_EVENT_BYTES = 900 * 1024;

  @Inject Instance<ArtifactSource> sources;
  @Inject KbView kb;
  @Inject ArtifactStore store;
  @Inject ContextConfig config;
  @Inject ObjectMapper json;

  private FailureExtractor extractor;

  @PostConstruct
  void init() {
    extractor = new FailureExtractor(json, layerRules());
  }

  /**
   * The context of a failed run.
   *
   * @throws IOException when the artifacts cannot be fetched or read, or the KB is not available;
   *     the message says which and why
   */
  public ContextReady build(RunFailed event) throws IOException, InterruptedException {
    String incident = event.envelope().incidentId();
    Envelope envelope = Envelope.create(incident, PRODUCER, Instant.now());
    FetchedRun fetched =
        Boolean.FALSE.equals(event.scheduled())
            ? FetchedRun.ignored(event.run(), "reported as not a scheduled run")
            : source(event).fetch(event);
    if (fetched.ignoredReason() != null) {
      return new ContextReady(
          envelope,
          event.source(),
          fetched.run(),
          fetched.ignoredReason(),
          List.of(),
          List.of(),
          List.of(),
          List.of());
    }
    Extraction extraction = extract(fetched);
    if (extraction.failures().isEmpty()) {
      throw new IOException(
          "run "
              + fetched.run().runId()
              + " was reported failed, but its artifacts show no failed or errored node: the"
              + " evidence is missing or contradicts the run's status");
    }
    if (!kb.awaitCaughtUp(config.kb().catchUpTimeout())) {
      throw new IOException(
          "the KB view has not caught up with kb.entries within " + config.kb().catchUpTimeout());
    }
    Collection<KbEntry> entries = kb.entries();
    List<Failure> failures = new ArrayList<>();
    for (Failure failure : extraction.failures()) {
      failures.add(compact(incident, failure, entries));
    }
    ContextReady ready =
        new ContextReady(
            envelope,
            event.source(),
            fetched.run(),
            null,
            fetched.artifacts(),
            failures,
            extraction.lineage(),
            extraction.skipped());
    int size = EventJson.write(ready).length;
    if (size > MAX_EVENT_BYTES) {
      throw new IOException(
          "the context of "
              + failures.size()
              + " failures is "
              + size
              + " bytes, more than the "
              + MAX_EVENT_BYTES
              + " a context.ready may carry");
    }
    return ready;
  }

  /**
   * The failures of the run's artifacts; for a run that stopped before it wrote run_results.json or
   * sources.json, the errors of its dbt log.
   */
  private Extraction extract(FetchedRun fetched) throws IOException {
    List<Path> runResults =
        fetched.named("run_results.json").stream().map(ArtifactStore::file).toList();
    Path sourcesJson = fetched.first("sources.json").map(ArtifactStore::file).orElse(null);
    if (runResults.isEmpty() && sourcesJson == null) {
      Path log =
          fetched
              .first(DBT_LOG)
              .map(ArtifactStore::file)
              .orElseThrow(
                  () ->
                      new IOException(
                          "the run has neither run_results.json nor sources.json, nor a "
                              + DBT_LOG));
      Extraction fromLog = DbtLog.extraction(log, fetched.run().projectName());
      if (fromLog.failures().isEmpty()) {
        throw new IOException(
            "the run wrote no run_results.json and its " + DBT_LOG + " shows no error");
      }
      return fromLog;
    }
    Path manifest =
        fetched
            .first("manifest.json")
            .map(ArtifactStore::file)
            .orElseThrow(() -> new IOException("the run has no manifest.json"));
    return extractor.extract(runResults, sourcesJson, manifest);
  }

  private ArtifactSource source(RunFailed event) throws IOException {
    return sources.stream()
        .filter(source -> source.reporter() == event.source())
        .findFirst()
        .orElseThrow(() -> new IOException("no artifact source for reporter " + event.source()));
  }

  /** The failure with its KB matches, its SQL inline only when short, its message cut. */
  private Failure compact(String incident, Failure failure, Collection<KbEntry> entries)
      throws IOException {
    String code = failure.compiledCode();
    String codeUri = failure.compiledCodeUri();
    if (code != null && code.length() > MAX_INLINE_CODE) {
      codeUri = spill(incident, failure.uniqueId(), code).uri();
      code = null;
    }
    String message = failure.message();
    if (message != null && message.length() > MAX_MESSAGE) {
      message =
          message.substring(0, MAX_MESSAGE)
              + "\n[cut: "
              + (message.length() - MAX_MESSAGE)
              + " more characters in run_results.json]";
    }
    return new Failure(
        failure.uniqueId(),
        failure.resourceType(),
        failure.name(),
        failure.testName(),
        failure.testKind(),
        failure.status(),
        message,
        failure.failingRows(),
        code,
        codeUri,
        failure.originalFilePath(),
        failure.modelFilePath(),
        failure.columnName(),
        failure.testKwargs(),
        failure.severity(),
        failure.attachedNode(),
        failure.owner(),
        failure.lineage(),
        failure.upstreamFailures(),
        KbMatcher.matches(entries, failure));
  }

  private ArtifactRef spill(String incident, String uniqueId, String code) throws IOException {
    return store.write(
        incident,
        "compiled/" + uniqueId.replaceAll("[^A-Za-z0-9._-]", "_") + ".sql",
        null,
        new ByteArrayInputStream(code.getBytes(StandardCharsets.UTF_8)));
  }

  private LayerRules layerRules() {
    ContextConfig.Layers layers = config.layers();
    if (layers.folders().isEmpty() && layers.prefixes().isEmpty()) {
      return LayerRules.conventional();
    }
    Map<String, Layer> prefixes = new LinkedHashMap<>();
    layers.prefixes().entrySet().stream()
        .sorted(
            Comparator.comparing((Map.Entry<String, Layer> e) -> e.getKey().length()).reversed())
        .forEach(e -> prefixes.put(e.getKey(), e.getValue()));
    return new LayerRules(layers.folders(), prefixes);
  }
}
