package io.pipelinemedic.kb.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinemedic.kb.entry.ParsedEntry;
import io.pipelinemedic.schemas.Envelope;
import io.pipelinemedic.schemas.EventJson;
import io.pipelinemedic.schemas.KbEntryPublished;
import io.pipelinemedic.schemas.model.KbEntry;
import io.pipelinemedic.schemas.model.KbSource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The KB in PostgreSQL. Every change of an entry (a new version, a deletion) writes the entry, its
 * version history and an outbox row in one transaction, so a change is published exactly when it is
 * stored. A change is a change of content: an entry read again as it was stored (the overlap
 * window, a restarted sync, a touched Notion page) creates no version.
 */
@ApplicationScoped
public class KbStore {

  private static final String PRODUCER = "kb-sync-service";
  private static final ObjectMapper JSON = EventJson.mapper();

  private final Clock clock = Clock.systemUTC();

  /** Applies a batch of a source's entries in one transaction. */
  public Uni<SyncCounts> apply(KbSource source, List<ParsedEntry> batch) {
    List<String> ids = batch.stream().map(ParsedEntry::id).toList();
    List<String> resolved =
        batch.stream()
            .filter(parsed -> !(parsed instanceof ParsedEntry.Invalid))
            .map(ParsedEntry::id)
            .toList();
    return Panache.withTransaction(
        () ->
            ProblemRow.delete("entryId in ?1", resolved.isEmpty() ? List.of("") : resolved)
                .chain(() -> EntryRow.<EntryRow>list("id in ?1", ids))
                .map(rows -> rows.stream().collect(Collectors.toMap(row -> row.id, row -> row)))
                .flatMap(
                    stored ->
                        Multi.createFrom()
                            .iterable(batch)
                            .onItem()
                            .transformToUniAndConcatenate(
                                parsed -> applyOne(source, parsed, stored.get(parsed.id())))
                            .collect()
                            .in(
                                () -> new SyncCounts[] {SyncCounts.NONE},
                                (sum, counts) -> sum[0] = sum[0].plus(counts))
                            .map(sum -> sum[0])));
  }

  /**
   * Ends a sync: when the source was read {@code complete}ly, removes its entries that were not
   * {@code seen} (and their problems); then moves the cursor.
   */
  public Uni<SyncCounts> finish(
      KbSource source, Set<String> seen, boolean complete, String position) {
    return Panache.withTransaction(
        () ->
            (complete ? retireUnseen(source, seen) : Uni.createFrom().item(SyncCounts.NONE))
                .call(() -> moveCursor(source, position, complete)));
  }

  /** The cursor of {@code source}, or null before its first sync. */
  public Uni<CursorRow> cursor(KbSource source) {
    return Panache.withSession(() -> CursorRow.findById(source.name()));
  }

  /** Every cursor. */
  public Uni<List<CursorRow>> cursors() {
    return Panache.withSession(() -> CursorRow.listAll());
  }

  /** The current entries, deleted ones excluded, ordered by id. */
  public Uni<List<KbEntry>> entries() {
    return Panache.withSession(
        () ->
            EntryRow.<EntryRow>list("deleted = false order by id")
                .map(rows -> rows.stream().map(row -> entryOf(row.document)).toList()));
  }

  /** The current version of an entry, or null when it does not exist or was deleted. */
  public Uni<KbEntry> entry(String id) {
    return Panache.withSession(
        () ->
            EntryRow.<EntryRow>findById(id)
                .map(row -> row == null || row.deleted ? null : entryOf(row.document)));
  }

  /** Every version of an entry, oldest first. */
  public Uni<List<EntryVersionRow>> versions(String id) {
    return Panache.withSession(() -> EntryVersionRow.list("entryId = ?1 order by version", id));
  }

  /** Entries that cannot be published as written. */
  public Uni<List<ProblemRow>> problems() {
    return Panache.withSession(() -> ProblemRow.list("order by entryId"));
  }

  /** The oldest changes not yet published. */
  public Uni<List<OutboxRow>> unpublished(int limit) {
    return Panache.withSession(
        () -> OutboxRow.find("publishedAt is null order by id").range(0, limit - 1).list());
  }

  /** Marks changes as published. */
  public Uni<Integer> markPublished(List<Long> ids) {
    return Panache.withTransaction(
        () ->
            OutboxRow.update(
                "publishedAt = ?1 where id in ?2 and publishedAt is null", clock.instant(), ids));
  }

  /** One entry of a batch; {@code row} is its stored row, if any. */
  private Uni<SyncCounts> applyOne(KbSource source, ParsedEntry parsed, EntryRow row) {
    if (parsed instanceof ParsedEntry.Valid valid) {
      return store(source, valid.entry(), row);
    }
    if (parsed instanceof ParsedEntry.Invalid invalid) {
      return recordProblem(source, invalid);
    }
    return row == null || row.deleted ? Uni.createFrom().item(SyncCounts.NONE) : retire(row);
  }

  private Uni<SyncCounts> store(KbSource source, KbEntry entry, EntryRow row) {
    String hash = contentHash(entry);
    if (row != null && !row.deleted && row.contentHash.equals(hash)) {
      return Uni.createFrom().item(SyncCounts.of(SyncCounts.Change.UNCHANGED, null));
    }
    boolean fresh = row == null || row.deleted;
    EntryRow current = row == null ? new EntryRow() : row;
    int version = row == null ? 1 : row.version + 1;
    KbEntry versioned = withVersion(entry, version);
    String document = write(versioned);
    current.id = entry.id();
    current.source = source.name();
    current.version = version;
    current.deleted = false;
    current.contentHash = hash;
    current.document = document;
    current.changedAt = clock.instant();
    String payload =
        new String(
            EventJson.write(new KbEntryPublished(envelope(entry.id(), version), versioned)),
            StandardCharsets.UTF_8);
    return current
        .persist()
        .call(() -> history(entry.id(), version, document))
        .call(() -> outbox(entry.id(), version, payload))
        .replaceWith(
            SyncCounts.of(fresh ? SyncCounts.Change.CREATED : SyncCounts.Change.UPDATED, null));
  }

  private Uni<SyncCounts> retire(EntryRow row) {
    row.version = row.version + 1;
    row.deleted = true;
    row.changedAt = clock.instant();
    return row.persist()
        .call(() -> history(row.id, row.version, null))
        .call(() -> outbox(row.id, row.version, null))
        .replaceWith(SyncCounts.of(SyncCounts.Change.DELETED, null));
  }

  private Uni<SyncCounts> recordProblem(KbSource source, ParsedEntry.Invalid invalid) {
    return ProblemRow.<ProblemRow>findById(invalid.id())
        .flatMap(
            existing -> {
              ProblemRow row = existing == null ? new ProblemRow() : existing;
              row.entryId = invalid.id();
              row.source = source.name();
              row.sourceRef = invalid.sourceRef();
              row.problems = String.join("\n", invalid.problems());
              row.detectedAt = clock.instant();
              return row.persist();
            })
        .replaceWith(SyncCounts.of(SyncCounts.Change.INVALID, invalid));
  }

  private Uni<SyncCounts> retireUnseen(KbSource source, Set<String> seen) {
    Uni<List<EntryRow>> live = EntryRow.list("source = ?1 and deleted = false", source.name());
    return live.flatMap(
            rows ->
                Multi.createFrom()
                    .iterable(rows.stream().filter(row -> !seen.contains(row.id)).toList())
                    .onItem()
                    .transformToUniAndConcatenate(this::retire)
                    .collect()
                    .asList())
        .map(retired -> new SyncCounts(0, 0, 0, retired.size(), List.of()))
        .call(
            () ->
                ProblemRow.delete(
                    "source = ?1 and entryId not in ?2",
                    source.name(),
                    seen.isEmpty() ? Set.of("") : seen));
  }

  private Uni<CursorRow> moveCursor(KbSource source, String position, boolean full) {
    return CursorRow.<CursorRow>findById(source.name())
        .flatMap(
            existing -> {
              CursorRow row = existing == null ? new CursorRow() : existing;
              row.source = source.name();
              row.position = position;
              row.updatedAt = clock.instant();
              if (full) {
                row.lastFullSyncAt = row.updatedAt;
              }
              return row.persist();
            });
  }

  private Uni<EntryVersionRow> history(String id, int version, String document) {
    EntryVersionRow row = new EntryVersionRow();
    row.entryId = id;
    row.version = version;
    row.deleted = document == null;
    row.document = document;
    row.recordedAt = clock.instant();
    return row.persist();
  }

  private Uni<OutboxRow> outbox(String id, int version, String payload) {
    OutboxRow row = new OutboxRow();
    row.entryId = id;
    row.eventId = eventId(id, version);
    row.payload = payload;
    row.createdAt = clock.instant();
    return row.persist();
  }

  private Envelope envelope(String id, int version) {
    return new Envelope(
        eventId(id, version).toString(), null, clock.instant(), Envelope.SCHEMA_VERSION, PRODUCER);
  }

  /** The same id for every publication of one version of one entry. */
  static UUID eventId(String id, int version) {
    return UUID.nameUUIDFromBytes(
        ("kb.entries/" + id + "/" + version).getBytes(StandardCharsets.UTF_8));
  }

  /** A digest of what the entry says; not where it was read or when it was touched. */
  static String contentHash(KbEntry entry) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(JSON.writeValueAsBytes(copy(entry, null, 0, null)));
      return HexFormat.of().formatHex(digest);
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot digest entry " + entry.id(), e);
    }
  }

  private static KbEntry withVersion(KbEntry entry, int version) {
    return copy(entry, entry.sourceRef(), version, entry.updatedAt());
  }

  /** The entry with another location, version and edit time; what it says is unchanged. */
  private static KbEntry copy(KbEntry entry, String sourceRef, int version, Instant updatedAt) {
    return new KbEntry(
        entry.id(),
        entry.title(),
        entry.source(),
        sourceRef,
        version,
        updatedAt,
        entry.match(),
        entry.failureClass(),
        entry.owner(),
        entry.steps(),
        entry.recipe());
  }

  private static String write(KbEntry entry) {
    try {
      return JSON.writeValueAsString(entry);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write entry " + entry.id(), e);
    }
  }

  /** An entry from its stored JSON. */
  public static KbEntry entryOf(String document) {
    try {
      return JSON.readValue(document, KbEntry.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored entry is not readable: " + e.getMessage(), e);
    }
  }
}
