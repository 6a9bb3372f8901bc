package org.dlnotes.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tech.tablesaw.api.Table;

class GroupMetricsTest {

    // Group a: TP 2, FN 1, FP 1, TN 2.  Group b: TP 0, FN 1, FP 1, TN 2.  Rows interleaved.
    private static final String[] GROUPS = {"b", "a", "a", "b", "a", "b", "a", "a", "b", "a"};
    private static final int[] TRUTH = {1, 1, 1, 0, 1, 0, 0, 0, 0, 0};
    private static final int[] PREDICTED = {0, 1, 1, 0, 0, 0, 1, 0, 1, 0};

    @Test
    void perGroupRatesAndGapsMatchHandComputedValues() {
        GroupMetrics m = GroupMetrics.of(TRUTH, PREDICTED, GROUPS);
        assertEquals(List.of("a", "b"), m.groups().stream().map(GroupMetrics.Group::name).toList(), "sorted");
        GroupMetrics.Group a = m.group("a");
        assertEquals(new GroupMetrics.Group("a", 6, 3, 2, 1, 2, 1), a);
        assertEquals(0.5, a.selectionRate(), 1e-12);
        assertEquals(4 / 6.0, a.accuracy(), 1e-12);
        assertEquals(2 / 3.0, a.truePositiveRate(), 1e-12);
        assertEquals(1 / 3.0, a.falsePositiveRate(), 1e-12);
        assertEquals(1 / 3.0, a.falseNegativeRate(), 1e-12);
        GroupMetrics.Group b = m.group("b");
        assertEquals(new GroupMetrics.Group("b", 4, 1, 0, 1, 2, 1), b);
        assertEquals(0.25, b.selectionRate(), 1e-12);
        assertEquals(0.5, b.accuracy(), 1e-12);
        assertEquals(0.0, b.truePositiveRate(), 1e-12);
        assertEquals(1 / 3.0, b.falsePositiveRate(), 1e-12);
        assertEquals(1.0, b.falseNegativeRate(), 1e-12);
        assertEquals(0.6, m.overall().accuracy(), 1e-12);
        assertEquals(0.4, m.overall().selectionRate(), 1e-12);

        assertEquals(0.25, m.demographicParityDifference(), 1e-12);
        assertEquals(2 / 3.0, m.difference(GroupMetrics.Group::truePositiveRate), 1e-12);
        assertEquals(0.0, m.difference(GroupMetrics.Group::falsePositiveRate), 1e-12);
        assertEquals(2 / 3.0, m.equalizedOddsDifference(), 1e-12, "the larger of the TPR and FPR gaps");
        assertEquals(1 / 6.0, m.difference(GroupMetrics.Group::accuracy), 1e-12);

        Table t = m.table();
        assertEquals(3, t.rowCount());
        assertEquals("overall", t.stringColumn("group").get(2));
        assertEquals(0.6667, t.doubleColumn("TPR").get(0), 1e-12);
        assertEquals(1.0, t.doubleColumn("FNR").get(1), 1e-12);
    }

    @Test
    void anEqualClassifierHasNoGaps() {
        GroupMetrics m = GroupMetrics.of(new int[] {1, 0, 1, 0}, new int[] {1, 0, 1, 0}, new String[] {"x", "x", "y",
            "y"});
        assertEquals(0.0, m.demographicParityDifference());
        assertEquals(0.0, m.equalizedOddsDifference());
        assertEquals(1.0, m.overall().accuracy());
    }

    @Test
    void badInputIsNamed() {
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> GroupMetrics.of(new int[] {2}, new int[] {1}, new String[] {"a"}));
        assertTrue(label.getMessage().contains("truth[0] is 2"), label.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GroupMetrics.of(new int[] {1}, new int[] {1, 0},
                new String[] {"a"}));
        GroupMetrics noPositives = GroupMetrics.of(new int[] {0, 1}, new int[] {0, 1}, new String[] {"a", "b"});
        IllegalArgumentException undefined = assertThrows(IllegalArgumentException.class,
                noPositives::equalizedOddsDifference);
        assertTrue(undefined.getMessage().contains("group 'a' has no positive examples"), undefined.getMessage());
        assertThrows(IllegalArgumentException.class, () -> noPositives.group("c"));
    }

    @Test
    void equalOpportunityThresholdsReachTheTargetInEveryGroup() {
        String[] groups = {"a", "a", "a", "a", "a", "a", "b", "b", "b", "b"};
        int[] truth = {1, 1, 1, 0, 0, 0, 1, 1, 0, 0};
        double[] scores = {0.9, 0.8, 0.3, 0.7, 0.2, 0.1, 0.4, 0.35, 0.5, 0.1};
        GroupThresholds half = GroupThresholds.equalOpportunity(scores, truth, groups, 0.5);
        assertEquals(Map.of("a", 0.8, "b", 0.4), half.thresholds(), "the 2nd of 3 and the 1st of 2 positives");
        GroupThresholds all = GroupThresholds.equalOpportunity(scores, truth, groups, 1.0);
        assertEquals(Map.of("a", 0.3, "b", 0.35), all.thresholds());

        int[] single = GroupThresholds.uniform(0.5, "a", "b").predict(scores, groups);
        assertArrayEquals(new int[] {1, 1, 0, 1, 0, 0, 0, 0, 1, 0}, single);
        GroupMetrics before = GroupMetrics.of(truth, single, groups);
        assertEquals(2 / 3.0, before.difference(GroupMetrics.Group::truePositiveRate), 1e-12);
        GroupMetrics after = GroupMetrics.of(truth, all.predict(scores, groups), groups);
        assertEquals(0.0, after.difference(GroupMetrics.Group::truePositiveRate), 1e-12);
        assertEquals(1.0, after.group("b").truePositiveRate());

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> half.predict(new double[] {0.5}, new String[] {"c"}));
        assertTrue(unknown.getMessage().contains("'c', which has no threshold"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GroupThresholds.equalOpportunity(scores, truth, groups, 0));
    }
}
