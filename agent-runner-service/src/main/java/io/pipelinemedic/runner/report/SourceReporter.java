package io.pipelinemedic.runner.report;

import io.pipelinemedic.runner.sandbox.DevDbt;
import io.pipelinemedic.runner.sandbox.Sandbox;
import io.pipelinemedic.runner.sandbox.Sandboxes;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.SourceReported;
import io.pipelinemedic.schemas.model.Failure;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * A SOURCE group's report, quoting the failing rows of its first test as a sandbox's dev area shows
 * them; when they cannot be read there, the report goes out without them and the log says why.
 */
public final class SourceReporter {

  private static final Logger LOG = Logger.getLogger(SourceReporter.class);

  /** Failing rows a report quotes. */
  static final int REPORT_ROWS = 50;

  private final Sandboxes sandboxes;
  private final DevDbt dbt;
  private final Clock clock;

  public SourceReporter(Sandboxes sandboxes, Clock clock) {
    this.sandboxes = sandboxes;
    this.dbt = sandboxes.dbt();
    this.clock = clock;
  }

  /** The report of a SOURCE group. */
  public SourceReported report(Classified event, RootCauseGroup group) throws InterruptedException {
    if (group.failureClass() != FailureClass.SOURCE) {
      throw new IllegalArgumentException(group.groupId() + " is not a SOURCE group");
    }
    List<Map<String, Object>> rows;
    try {
      rows = failingRows(event, group);
    } catch (IOException | RuntimeException e) {
      LOG.warnf(
          "%s/%s: reported without failing rows, the dev area could not be read: %s",
          event.envelope().incidentId(), group.groupId(), e.getMessage());
      rows = List.of();
    }
    return SourceReports.build(event, group, rows, clock.instant());
  }

  private List<Map<String, Object>> failingRows(Classified event, RootCauseGroup group)
      throws IOException, InterruptedException {
    List<String> ids = new ArrayList<>(group.failures());
    ids.addAll(group.cascades());
    Failure lead =
        ids.stream()
            .flatMap(id -> event.failures().stream().filter(f -> f.uniqueId().equals(id)).limit(1))
            .filter(f -> "test".equals(f.resourceType()))
            .findFirst()
            .orElse(null);
    if (lead == null) {
      return List.of();
    }
    Sandbox sandbox = sandboxes.create(event, group);
    try {
      dbt.requirePackages(sandbox);
      String sql = dbt.compiledTests(sandbox, List.of(lead)).get(lead.uniqueId());
      if (sql == null) {
        throw new IOException(lead.name() + " does not compile in the sandbox");
      }
      return sandbox.rows(sql, REPORT_ROWS);
    } finally {
      sandboxes.finish(sandbox, true);
    }
  }
}
