package io.pipelinemedic.kb.sync;

import io.pipelinemedic.kb.config.KbSyncConfig;
import io.pipelinemedic.kb.entry.ParsedEntry;
import io.pipelinemedic.kb.git.GitSource;
import io.pipelinemedic.kb.notion.NotionSource;
import io.pipelinemedic.kb.outbox.OutboxRelay;
import io.pipelinemedic.kb.store.CursorRow;
import io.pipelinemedic.kb.store.KbStore;
import io.pipelinemedic.kb.store.SyncCounts;
import io.pipelinemedic.schemas.model.KbSource;
import io.pipelinemedic.service.VertxAwait;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Syncs a source into the store: reads it from its cursor (or in full), applies each batch in its
 * own transaction, then retires what a complete reading did not see (unless it saw nothing at all)
 * and moves the cursor, and publishes the changes. A sync that stops half-way has stored only whole
 * batches and left the cursor where it was, so the next one reads the rest again; unchanged entries
 * create nothing. One sync per source at a time.
 */
@ApplicationScoped
public class KbSync {

  private static final Logger LOG = Logger.getLogger(KbSync.class);

  /** A sync of this source is already running. */
  public static final class Busy extends RuntimeException {
    Busy(KbSource source) {
      super("a sync of " + source + " is already running");
    }
  }

  /** The source is not configured. */
  public static final class NotConfigured extends RuntimeException {
    NotConfigured(KbSource source) {
      super(
          "the "
              + source
              + " source is not configured (set "
              + (source == KbSource.NOTION ? "medic.kb.notion.database-id" : "medic.kb.git.uri")
              + ")");
    }
  }

  @Inject NotionSource notion;
  @Inject GitSource git;
  @Inject KbStore store;
  @Inject OutboxRelay relay;
  @Inject KbSyncConfig config;

  private final Set<KbSource> running = ConcurrentHashMap.newKeySet();
  private final Clock clock = Clock.systemUTC();

  /** Syncs {@code source}; blocking. */
  public SyncReport sync(KbSource source, boolean full) throws IOException {
    SourceReader reader = reader(source);
    if (!reader.configured()) {
      throw new NotConfigured(source);
    }
    if (!running.add(source)) {
      throw new Busy(source);
    }
    try {
      Instant started = clock.instant();
      CursorRow cursor = VertxAwait.await(() -> store.cursor(source));
      Set<String> seen = new HashSet<>();
      SyncCounts[] counts = {SyncCounts.NONE};
      SourceReader.Reading reading =
          reader.read(
              cursor == null ? null : cursor.position,
              full,
              batch -> {
                batch.stream()
                    .filter(entry -> !(entry instanceof ParsedEntry.Removed))
                    .forEach(entry -> seen.add(entry.id()));
                counts[0] = counts[0].plus(VertxAwait.await(() -> store.apply(source, batch)));
              });
      boolean complete = reading.complete() && !seen.isEmpty();
      if (reading.complete() && seen.isEmpty()) {
        LOG.errorf(
            "%s: a complete reading found no entries at all; nothing is retired (an emptied"
                + " source is more often a lost permission or a wrong path than an emptied KB)",
            source);
      }
      counts[0] =
          counts[0].plus(
              VertxAwait.await(() -> store.finish(source, seen, complete, reading.cursor())));
      int published = publish();
      SyncCounts total = counts[0];
      SyncReport report =
          new SyncReport(
              source,
              full,
              complete,
              reading.incompleteReason(),
              reading.cursor(),
              total.created(),
              total.updated(),
              total.unchanged(),
              total.deleted(),
              total.invalid(),
              published,
              started,
              Duration.between(started, clock.instant()).toMillis());
      if (reading.incompleteReason() != null) {
        LOG.warnf("%s sync incomplete: %s", source, reading.incompleteReason());
      }
      LOG.infof(
          "%s sync: %d created, %d updated, %d unchanged, %d deleted, %d invalid%s",
          source,
          report.created(),
          report.updated(),
          report.unchanged(),
          report.deleted(),
          report.invalid().size(),
          report.invalid().isEmpty() ? "" : " " + report.invalid());
      return report;
    } finally {
      running.remove(source);
    }
  }

  @Scheduled(
      every = "{medic.kb.notion.interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduledNotion() {
    scheduled(KbSource.NOTION);
  }

  @Scheduled(
      every = "{medic.kb.git.interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduledGit() {
    scheduled(KbSource.GIT);
  }

  /** A scheduled sync: Notion is read in full when its last full reading is old enough. */
  private void scheduled(KbSource source) {
    if (!reader(source).configured()) {
      return;
    }
    try {
      boolean full = false;
      if (source == KbSource.NOTION) {
        CursorRow cursor = VertxAwait.await(() -> store.cursor(source));
        full =
            cursor == null
                || cursor.lastFullSyncAt == null
                || cursor
                    .lastFullSyncAt
                    .plus(config.notion().fullSyncInterval())
                    .isBefore(clock.instant());
      }
      sync(source, full);
    } catch (Busy e) {
      LOG.debug(e.getMessage());
    } catch (IOException | RuntimeException e) {
      LOG.errorf(e, "scheduled %s sync failed; the next one starts from the same cursor", source);
    }
  }

  /** The changes are stored; a broker that is down only delays their publication. */
  private int publish() {
    try {
      return relay.publishPending();
    } catch (RuntimeException e) {
      LOG.warnf("changes stored, publication deferred: %s", e.getMessage());
      return 0;
    }
  }

  private SourceReader reader(KbSource source) {
    return source == KbSource.NOTION ? notion : git;
  }

  /** The sources that are configured. */
  public List<KbSource> configuredSources() {
    return Arrays.stream(KbSource.values()).filter(s -> reader(s).configured()).toList();
  }
}
