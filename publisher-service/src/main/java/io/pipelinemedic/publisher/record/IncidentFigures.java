package io.pipelinemedic.publisher.record;

import io.pipelinemedic.publisher.publication.DeliveryStatus;
import io.pipelinemedic.schemas.model.PublicationKind;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The figures behind the incident record, over the incidents received in a window: counts by class,
 * action and status, and per week (Monday, UTC) the fixes' pull requests by source and what became
 * of them, the time from the failed run to FIXED and to RESOLVED, and the share of incidents that
 * needed no person at all.
 */
@ApplicationScoped
public class IncidentFigures {

  /**
   * Figures over the incidents received in a window.
   *
   * @param incidents how many
   * @param byClass counts by failure class
   * @param byAction counts by action
   * @param byStatus counts by status
   * @param medianSecondsToPublished median time from the webhook to the first publication
   * @param weeks the same incidents by the week they were received, oldest first
   * @param days the same incidents by the day they were received (UTC), oldest first
   */
  public record Summary(
      int incidents,
      Map<String, Long> byClass,
      Map<String, Long> byAction,
      Map<String, Long> byStatus,
      Long medianSecondsToPublished,
      List<Week> weeks,
      List<Day> days) {}

  /**
   * One day's figures, as the page charts them.
   *
   * @param day the day (UTC)
   * @param incidents incidents received on it
   * @param byClass those incidents by class
   * @param secondsToPublished from the failed run to its outcome published: median and p90
   * @param secondsToFixed from the failed run to its fix merged
   * @param secondsToResolved from the failed run to a passing run of its job
   * @param noPersonNeeded the share that needed no person (as a week's)
   * @param costUsd what their fix attempts cost in model usage, US dollars
   */
  public record Day(
      LocalDate day,
      int incidents,
      Map<String, Long> byClass,
      Spread secondsToPublished,
      Spread secondsToFixed,
      Spread secondsToResolved,
      double noPersonNeeded,
      double costUsd) {}

  /**
   * One week's figures.
   *
   * @param week its Monday
   * @param incidents incidents received in it
   * @param pullRequests the fixes' pull requests opened for them, by source (recipe, agent; mixed
   *     when an incident's groups took both)
   * @param secondsToFixed from the failed run to its fix merged: median and 90th percentile
   * @param secondsToResolved from the failed run to a passing run of its job: median and p90
   * @param noPersonNeeded the share of its incidents that needed no person at all: transient ones,
   *     and those resolved by a passing run before anyone merged or closed a fix or was sent a
   *     source report
   */
  public record Week(
      LocalDate week,
      int incidents,
      Map<String, PullRequests> pullRequests,
      Spread secondsToFixed,
      Spread secondsToResolved,
      double noPersonNeeded) {}

  /**
   * What became of a week's pull requests.
   *
   * @param merged merged (their incidents FIXED)
   * @param dismissed closed unmerged
   * @param open neither yet
   */
  public record PullRequests(int merged, int dismissed, int open) {}

  /**
   * A distribution of durations in seconds; {@code null} values when there were none.
   *
   * @param count how many
   * @param median the median
   * @param p90 the 90th percentile (nearest rank)
   */
  public record Spread(int count, Long median, Long p90) {}

  @Inject IncidentList list;

  /** The figures over the incidents {@code filter} covers. */
  public Uni<Summary> summary(IncidentFilter filter) {
    return list.list(filter, 10_000)
        .flatMap(
            incidents ->
                Panache.withSession(
                        () ->
                            PublicationRow.<PublicationRow>list(
                                "key.channel = 'github' and status = ?1 and detail = ?2",
                                DeliveryStatus.DELIVERED,
                                PublicationKind.PULL_REQUEST_OPENED.name()))
                    .map(pulls -> summarise(incidents, pulls)));
  }

  static Summary summarise(List<IncidentRow> incidents, List<PublicationRow> pulls) {
    Map<String, IncidentRow> byId =
        incidents.stream().collect(Collectors.toMap(i -> i.incidentId, i -> i, (a, b) -> a));
    Map<LocalDate, List<IncidentRow>> weeks = byPeriod(incidents, IncidentFigures::monday);
    Map<LocalDate, List<IncidentRow>> pullsByWeek = new HashMap<>();
    for (PublicationRow pull : pulls) {
      IncidentRow incident = byId.get(pull.incidentId);
      if (incident != null) {
        pullsByWeek
            .computeIfAbsent(monday(incident.receivedAt), w -> new ArrayList<>())
            .add(incident);
      }
    }
    List<Week> byWeek = new ArrayList<>();
    weeks.forEach(
        (monday, rows) ->
            byWeek.add(
                new Week(
                    monday,
                    rows.size(),
                    pullRequests(pullsByWeek.getOrDefault(monday, List.of())),
                    spread(rows, i -> i.fixedAt),
                    spread(rows, i -> i.resolvedAt),
                    noPersonNeeded(rows))));
    Spread published = spread(incidents, i -> i.publishedAt);
    return new Summary(
        incidents.size(),
        count(incidents, row -> row.failureClass),
        count(incidents, row -> row.action),
        count(incidents, row -> row.status),
        published.median(),
        byWeek,
        days(incidents));
  }

  private static List<Day> days(List<IncidentRow> incidents) {
    Map<LocalDate, List<IncidentRow>> days =
        byPeriod(incidents, at -> at.atZone(ZoneOffset.UTC).toLocalDate());
    List<Day> byDay = new ArrayList<>();
    days.forEach(
        (day, rows) ->
            byDay.add(
                new Day(
                    day,
                    rows.size(),
                    count(rows, row -> row.failureClass),
                    spread(rows, i -> i.publishedAt),
                    spread(rows, i -> i.fixedAt),
                    spread(rows, i -> i.resolvedAt),
                    noPersonNeeded(rows),
                    rows.stream().mapToDouble(i -> i.costUsd).sum())));
    return byDay;
  }

  /** The incidents by the period (day, week) they were received in, oldest first. */
  private static Map<LocalDate, List<IncidentRow>> byPeriod(
      List<IncidentRow> incidents, Function<Instant, LocalDate> period) {
    return incidents.stream()
        .collect(
            Collectors.groupingBy(
                i -> period.apply(i.receivedAt), TreeMap::new, Collectors.toList()));
  }

  /** The share of {@code rows} that needed no person. */
  private static double noPersonNeeded(List<IncidentRow> rows) {
    return rows.stream().filter(IncidentFigures::noPersonNeeded).count() / (double) rows.size();
  }

  /** Each pull request (one per incident that opened it) by its incident's action. */
  private static Map<String, PullRequests> pullRequests(List<IncidentRow> opened) {
    Map<String, PullRequests> bySource = new TreeMap<>();
    for (IncidentRow incident : opened) {
      String source =
          incident.action == null ? "unknown" : incident.action.toLowerCase(Locale.ROOT);
      PullRequests counts = bySource.getOrDefault(source, new PullRequests(0, 0, 0));
      bySource.put(
          source,
          new PullRequests(
              counts.merged() + (incident.fixedAt != null ? 1 : 0),
              counts.dismissed()
                  + (incident.fixedAt == null && incident.dismissedAt != null ? 1 : 0),
              counts.open() + (incident.fixedAt == null && incident.dismissedAt == null ? 1 : 0)));
    }
    return bySource;
  }

  private static boolean noPersonNeeded(IncidentRow incident) {
    if ("TRANSIENT".equals(incident.failureClass)) {
      return true;
    }
    return incident.resolvedAt != null
        && incident.fixedAt == null
        && incident.dismissedAt == null
        && !Objects.equals(incident.failureClass, "SOURCE")
        && !Objects.equals(incident.failureClass, "MIXED");
  }

  /**
   * From the failed run (its incident's receipt) to {@code end}, over the incidents that have it.
   */
  private static Spread spread(List<IncidentRow> incidents, Function<IncidentRow, Instant> end) {
    List<Long> seconds =
        incidents.stream()
            .filter(i -> end.apply(i) != null)
            .map(i -> Duration.between(i.receivedAt, end.apply(i)).toSeconds())
            .sorted()
            .toList();
    if (seconds.isEmpty()) {
      return new Spread(0, null, null);
    }
    int p90 = (int) Math.ceil(0.9 * seconds.size()) - 1;
    return new Spread(seconds.size(), seconds.get(seconds.size() / 2), seconds.get(p90));
  }

  private static LocalDate monday(Instant at) {
    return at.atZone(ZoneOffset.UTC)
        .toLocalDate()
        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }

  private static Map<String, Long> count(
      List<IncidentRow> rows, Function<IncidentRow, String> key) {
    return rows.stream()
        .collect(
            Collectors.groupingBy(
                row -> key.apply(row) == null ? "NONE" : key.apply(row),
                TreeMap::new,
                Collectors.counting()));
  }
}
