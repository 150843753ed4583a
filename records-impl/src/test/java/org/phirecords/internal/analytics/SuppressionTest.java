package org.phirecords.internal.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.phirecords.internal.analytics.Suppression.Counted;
import org.phirecords.model.AnalyticsResult.Cell;

/** Small-cell suppression with complementary suppression (ADR 43). */
class SuppressionTest {
  @Test
  void aCellOfThreeInATwoWayTableCannotBeRecoveredFromRowColumnOrGrandTotals() {
    // Rows: codes; columns: months. The cell (J45, 2025-02) holds 3 patients.
    String[] rows = {"E11", "I10", "J45"};
    String[] cols = {"2025-01", "2025-02", "2025-03"};
    long[][] counts = {{40, 25, 30}, {22, 18, 35}, {15, 3, 50}};
    List<Counted> counted = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        counted.add(new Counted(List.of(rows[r], cols[c]), counts[r][c]));
      }
    }
    List<Cell> cells = Suppression.apply(counted, 11);
    Cell small = cells.get(7);
    assertThat(small.suppressed()).isTrue();
    assertThat(small.value()).isNull();
    // Row and column totals are what a reader can work out (or be told); in each, the hidden
    // cells number at least two, so no subtraction yields the small cell alone.
    for (int r = 0; r < 3; r++) {
      int row = r;
      assertThat(hiddenIn(cells, c -> c.values().get(0).equals(rows[row]))).isNotEqualTo(1);
    }
    for (int c = 0; c < 3; c++) {
      int col = c;
      assertThat(hiddenIn(cells, x -> x.values().get(1).equals(cols[col]))).isNotEqualTo(1);
    }
    assertThat(hiddenIn(cells, c -> true)).isNotEqualTo(1);
    // Each line with hidden cells: the grand total minus the shown cells is more than the cell.
    long grand = counted.stream().mapToLong(Counted::count).sum();
    long shown = cells.stream().filter(c -> !c.suppressed()).mapToLong(Cell::value).sum();
    assertThat(grand - shown).isGreaterThan(3);
  }

  @Test
  void cellsAtTheThresholdAreShownAndATotalUnderItIsNot() {
    List<Cell> cells =
        Suppression.apply(
            List.of(new Counted(List.of("a"), 11), new Counted(List.of("b"), 12)), 11);
    assertThat(cells).noneMatch(Cell::suppressed);
    assertThat(Suppression.total(10, 11)).isNull();
    assertThat(Suppression.total(11, 11)).isEqualTo(11L);
  }

  @Test
  void oneSmallCellInALineTakesTheNextSmallestWithIt() {
    List<Cell> cells =
        Suppression.apply(
            List.of(
                new Counted(List.of("a"), 3),
                new Counted(List.of("b"), 40),
                new Counted(List.of("c"), 20)),
            11);
    assertThat(cells.stream().map(Cell::suppressed).toList()).containsExactly(true, false, true);
  }

  private static long hiddenIn(List<Cell> cells, java.util.function.Predicate<Cell> line) {
    return cells.stream().filter(line).filter(Cell::suppressed).count();
  }
}
