package org.dlnotes.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tech.tablesaw.api.Table;

class ConfusionMatrixCompareTest {

    private static final int[] TRUTH = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1};

    @Test
    void oneRowPerModelInOrderWithTheMatrixScores() {
        Map<String, ConfusionMatrix> models = new LinkedHashMap<>();
        models.put("always 0", ConfusionMatrix.of(TRUTH, new int[10], 2));
        models.put("one hit", ConfusionMatrix.of(TRUTH, new int[] {0, 0, 0, 0, 0, 0, 0, 1, 1, 0}, 2));
        Table t = ConfusionMatrix.compare("scores", Average.BINARY, models);
        assertEquals("scores", t.name());
        assertEquals(java.util.List.of("model", "accuracy", "balanced accuracy", "precision (binary)",
                "recall (binary)", "F1 (binary)", "macro F1"), t.columnNames());
        assertEquals("always 0", t.stringColumn("model").get(0));
        assertEquals(0.8, t.doubleColumn("accuracy").get(0), 1e-15);
        assertEquals(0.5, t.doubleColumn("balanced accuracy").get(0), 1e-15);
        assertEquals(0.0, t.doubleColumn("recall (binary)").get(0), 0);
        // one hit: tp 1, fp 1, fn 1, tn 7
        assertEquals(0.8, t.doubleColumn("accuracy").get(1), 1e-15);
        assertEquals(0.5, t.doubleColumn("precision (binary)").get(1), 1e-15);
        assertEquals(0.5, t.doubleColumn("F1 (binary)").get(1), 1e-15);
        assertEquals((7.0 / 8 + 0.5) / 2, t.doubleColumn("balanced accuracy").get(1), 1e-15);
        assertEquals((7.0 / 8 + 0.5) / 2, t.doubleColumn("macro F1").get(1), 1e-15); // class 0: precision = recall = 7/8
        assertEquals("0.8000", t.doubleColumn("accuracy").getString(1));
    }

    @Test
    void refusesNoModelsAndMixedClassCounts() {
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.compare("t", Average.MACRO, Map.of()));
        Map<String, ConfusionMatrix> mixed = new LinkedHashMap<>();
        mixed.put("two", ConfusionMatrix.of(TRUTH, new int[10], 2));
        mixed.put("three", ConfusionMatrix.of(new int[] {0, 1, 2}, new int[] {0, 1, 2}, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.compare("t", Average.MACRO, mixed));
        assertTrue(e.getMessage().contains("'three' has 3"), e.getMessage());
    }
}
