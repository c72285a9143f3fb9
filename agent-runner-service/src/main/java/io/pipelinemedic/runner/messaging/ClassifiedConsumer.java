package io.pipelinemedic.runner.messaging;

import io.pipelinemedic.runner.fix.FixAttempt;
import io.pipelinemedic.runner.fix.FixPipeline;
import io.pipelinemedic.runner.report.SourceReporter;
import io.pipelinemedic.schemas.Classified;
import io.pipelinemedic.schemas.FixProposed;
import io.pipelinemedic.schemas.PipelineEvent;
import io.pipelinemedic.schemas.SourceReported;
import io.pipelinemedic.schemas.model.Action;
import io.pipelinemedic.schemas.model.FailureClass;
import io.pipelinemedic.schemas.model.RootCauseGroup;
import io.pipelinemedic.service.EventMessages;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code classified} in; per group, {@code fix.proposed} (RECIPE and AGENT; an AGENT group without
 * a configured coding agent is a failed attempt saying so) or {@code source.reported} (SOURCE);
 * TRANSIENT groups need nothing. One incident at a time per replica. A record that is not a {@code
 * classified} event is nacked and lands in {@code classified.dlq} with the cause; a fix that fails,
 * even on an unexpected exception, is that group's outcome, not an error of the incident. An
 * outcome the broker does not take keeps the incident's other groups going; the record is then
 * nacked, naming the groups whose outcome was not sent.
 */
@ApplicationScoped
public class ClassifiedConsumer {

  private static final Logger LOG = Logger.getLogger(ClassifiedConsumer.class);

  @Inject FixPipeline fixes;

  @Inject SourceReporter reporter;

  @Inject
  @Channel("fix-proposed")
  MutinyEmitter<FixProposed> fixProposed;

  @Inject
  @Channel("source-reported")
  MutinyEmitter<SourceReported> sourceReported;

  @Incoming("classified")
  @Blocking(value = "runner-workers", ordered = false)
  public void consume(byte[] record) throws IOException, InterruptedException {
    Classified event = EventMessages.decode(record, Classified.class, Classified::run);
    List<String> unsent = new ArrayList<>();
    for (RootCauseGroup group : event.groups()) {
      handle(event, group, unsent);
    }
    if (!unsent.isEmpty()) {
      throw new IOException("the outcomes of groups " + unsent + " could not be sent");
    }
  }

  private void handle(Classified event, RootCauseGroup group, List<String> unsent)
      throws InterruptedException {
    String incident = event.envelope().incidentId();
    if (group.failureClass() == FailureClass.SOURCE) {
      SourceReported report = reporter.report(event, group);
      send(sourceReported, report, group, unsent);
      LOG.infof("%s/%s: source.reported", incident, group.groupId());
    } else if (group.action() == Action.RECIPE || group.action() == Action.AGENT) {
      LOG.infof("%s/%s: %s group, working on it", incident, group.groupId(), group.action());
      FixProposed fix;
      try {
        FixAttempt attempt = fixes.fix(event, group);
        fix = attempt.event();
        LOG.infof(
            "%s/%s: %s %s in %s ms",
            incident, group.groupId(), group.action(), fix.outcome(), attempt.millis());
      } catch (IOException e) {
        fix = fixes.failed(event, group, "the sandbox could not be prepared: " + e.getMessage());
        LOG.warnf("%s/%s: %s", incident, group.groupId(), fix.outcomeReason());
      } catch (RuntimeException e) {
        // a defect or a parser that gave way on the team's files: this group's outcome says so,
        // and the incident's other groups are still worked on
        fix = fixes.failed(event, group, "the fix could not be attempted: " + e);
        LOG.errorf(e, "%s/%s: %s", incident, group.groupId(), fix.outcomeReason());
      }
      send(fixProposed, fix, group, unsent);
    } else {
      LOG.infof("%s/%s: %s, nothing to do", incident, group.groupId(), group.failureClass());
    }
  }

  /** Sends a group's outcome; one the broker does not take is noted and the incident goes on. */
  private static <T extends PipelineEvent> void send(
      MutinyEmitter<T> emitter, T outcome, RootCauseGroup group, List<String> unsent) {
    try {
      emitter.sendMessageAndAwait(EventMessages.of(outcome));
    } catch (RuntimeException e) {
      LOG.errorf(e, "group %s: its outcome was not sent", group.groupId());
      unsent.add(group.groupId() + " (" + e.getMessage() + ")");
    }
  }
}
