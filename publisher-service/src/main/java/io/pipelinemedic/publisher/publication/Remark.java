package io.pipelinemedic.publisher.publication;

/**
 * A remark left on something already delivered, such as a comment on a ticket or a pull request.
 *
 * @param link what it was left on
 * @param detail what was done, in a few words
 */
public record Remark(String link, String detail) {

  /** The remarks left on one channel, kept in the publication record under its name. */
  public record On(String name) implements OutcomeChannel<Remark> {

    @Override
    public String link(Remark receipt) {
      return receipt.link();
    }

    @Override
    public String detail(Remark receipt) {
      return receipt.detail();
    }

    @Override
    public Remark receipt(String link, String detail) {
      return new Remark(link, detail);
    }
  }
}
