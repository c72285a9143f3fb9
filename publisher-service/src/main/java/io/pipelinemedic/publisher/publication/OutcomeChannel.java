package io.pipelinemedic.publisher.publication;

/**
 * A channel outcomes reach people on. {@code R} is its receipt, what a delivery on it leaves (a
 * pull request, a Slack message, a ticket, a draft, a notice), kept in the publication record as a
 * link and one line so that a redelivered outcome finds it again.
 */
public interface OutcomeChannel<R> {

  /** The channel's name in the publication record. */
  String name();

  /** Where the receipt's delivery can be found. */
  String link(R receipt);

  /** The receipt's one line. */
  String detail(R receipt);

  /** The receipt the publication record kept as {@code link} and {@code detail}. */
  R receipt(String link, String detail);
}
