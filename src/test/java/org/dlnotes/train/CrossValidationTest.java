package org.dlnotes.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dlnotes.data.Datasets;
import org.dlnotes.data.LabelledData;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class CrossValidationTest {

    @Test
    void meanAndSampleStandardDeviationByHand() {
        CrossValidation cv = new CrossValidation(List.of(Map.of("acc", 0.8), Map.of("acc", 0.9), Map.of("acc", 1.0)));
        assertEquals(0.9, cv.mean("acc"), 1e-12);
        assertEquals(0.1, cv.std("acc"), 1e-12); // sqrt((0.01 + 0 + 0.01) / 2)
        Table summary = cv.summaryTable();
        assertEquals(0.8, summary.doubleColumn("min").get(0), 1e-12);
        assertEquals(1.0, summary.doubleColumn("max").get(0), 1e-12);
        assertEquals(3, cv.table().rowCount());
        assertEquals(0, new CrossValidation(List.of(Map.of("acc", 0.5))).std("acc"));
    }

    @Test
    void runVisitsEveryFoldAndEveryRowIsValidatedOnce() {
        LabelledData iris = Datasets.iris();
        Set<String> seen = new HashSet<>();
        int[] validated = {0};
        CrossValidation cv = CrossValidation.run(iris.kFold(5, 1), fold -> {
            validated[0] += fold.validation().size();
            assertEquals(iris.size(), fold.train().size() + fold.validation().size());
            String key = fold.validation().table().print();
            assertTrue(seen.add(key));
            Map<String, Double> scores = new LinkedHashMap<>();
            scores.put("size", (double) fold.validation().size());
            scores.put("index", (double) fold.index());
            return scores;
        });
        assertEquals(150, validated[0]);
        assertArrayEquals(new double[] {0, 1, 2, 3, 4}, cv.values("index"));
        assertEquals(List.of("size", "index"), cv.metrics());
        assertEquals(30, cv.mean("size"), 1e-12);
    }

    @Test
    void inconsistentOrBadScoresAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CrossValidation(List.of(Map.of("a", 1.0), Map.of("b", 1.0))));
        assertTrue(e.getMessage().contains("same metrics"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new CrossValidation(List.of(Map.of("a", Double.NaN))));
        assertTrue(e.getMessage().contains("'a'") && e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new CrossValidation(List.of(Map.of("a", 1.0))).mean("b"));
        assertTrue(e.getMessage().contains("[a]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CrossValidation(List.of()));
    }
}
