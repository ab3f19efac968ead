package dev.metacircular.ports.scheduler;

import java.util.List;

/**
 * What a reconciliation did on one node: the steps applied ({@code "create web-api"}) and the steps
 * that failed, each with its reason.
 */
public record RecoveryReport(String node, List<String> applied, List<String> failed) {

  public RecoveryReport {
    applied = List.copyOf(applied);
    failed = List.copyOf(failed);
  }
}
