package org.phirecords.internal.analytics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.phirecords.model.AnalyticsResult.Cell;

/**
 * Small-cell suppression with complementary suppression (ADR 43). Primary: every cell under the
 * threshold. Complementary, repeated until nothing changes: in each line of the table (the cells
 * equal in all dimensions but one, and the whole table, whose total is published), a line holding
 * exactly one suppressed cell has its smallest shown cell suppressed too, so that no suppressed
 * cell is the difference of a published total and shown cells. The total is suppressed if under the
 * threshold.
 */
final class Suppression {
  private Suppression() {}

  /** A cell as counted: its dimension values and count. */
  record Counted(List<String> values, long count) {}

  /** {@code counted} with the cells to hide hidden, under {@code threshold}. */
  static List<Cell> apply(List<Counted> counted, int threshold) {
    int n = counted.size();
    boolean[] hidden = new boolean[n];
    for (int i = 0; i < n; i++) {
      hidden[i] = counted.get(i).count() < threshold;
    }
    int dimensions = n == 0 ? 0 : counted.get(0).values().size();
    boolean changed = true;
    while (changed) {
      changed = false;
      List<List<Integer>> lines = new ArrayList<>();
      lines.add(range(n));
      for (int d = 0; d < dimensions && dimensions > 1; d++) {
        lines.addAll(lines(counted, d));
      }
      for (List<Integer> line : lines) {
        long hiddenInLine = line.stream().filter(i -> hidden[i]).count();
        if (hiddenInLine == 1 && line.size() > 1) {
          int smallest =
              line.stream()
                  .filter(i -> !hidden[i])
                  .min(Comparator.comparingLong((Integer i) -> counted.get(i).count()))
                  .orElseThrow();
          hidden[smallest] = true;
          changed = true;
        }
      }
    }
    List<Cell> cells = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Counted c = counted.get(i);
      cells.add(new Cell(c.values(), hidden[i] ? null : c.count(), hidden[i]));
    }
    return cells;
  }

  /** The total, or null if under {@code threshold}. */
  static Long total(long total, int threshold) {
    return total < threshold ? null : total;
  }

  /** The lines along dimension {@code d}: cells grouped by their values in every other one. */
  private static List<List<Integer>> lines(List<Counted> counted, int d) {
    Map<List<String>, List<Integer>> lines = new HashMap<>();
    for (int i = 0; i < counted.size(); i++) {
      List<String> rest = new ArrayList<>(counted.get(i).values());
      rest.remove(d);
      lines.computeIfAbsent(rest, k -> new ArrayList<>()).add(i);
    }
    return new ArrayList<>(lines.values());
  }

  private static List<Integer> range(int n) {
    List<Integer> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      all.add(i);
    }
    return all;
  }
}
