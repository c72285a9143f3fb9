package io.pipelinemedic.schemas.model;

import java.util.List;

/**
 * What failures a KB entry applies to; every given criterion must match.
 *
 * @param testNames test names or glob patterns, e.g. {@code accepted_values}
 * @param nodePattern glob over unique ids, e.g. {@code model.shop.stg_*}
 * @param messagePattern regular expression over the failure message
 */
public record KbMatchRule(List<String> testNames, String nodePattern, String messagePattern) {

  public KbMatchRule {
    testNames = Lists.orEmpty(testNames);
  }
}
