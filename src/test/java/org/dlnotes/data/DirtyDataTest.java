package org.dlnotes.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DirtyDataTest {

    private static final List<String> CLASSES = List.of("a", "b");
    private static final List<String> NAMES = List.of("x", "y");
    private static final double NA = Double.NaN;

    private static DirtyData small() {
        return DirtyData.of("small", new double[][] {{1, 10}, {NA, 20}, {3, NA}, {4, 40}, {100, 50}},
                new int[] {0, 1, 0, 1, 1}, CLASSES, NAMES);
    }

    @Test
    void countsMissingCellsAndCompleteRows() {
        DirtyData d = small();
        assertEquals(2, d.missingCells());
        assertEquals(3, d.completeRows());
        assertEquals(0, d.injectedOutliers());
        assertTrue(d.toString().contains("2 missing cells, 3 complete rows"), d.toString());
    }

    @Test
    void dropIncompleteKeepsTheCompleteRowsWithTheirLabels() {
        LabelledData kept = small().dropIncomplete();
        assertArrayEquals(new double[][] {{1, 10}, {4, 40}, {100, 50}}, kept.features().toDoubleMatrix());
        assertArrayEquals(new int[] {0, 1, 1}, kept.labelIndices());
        DirtyData none = DirtyData.of("none", new double[][] {{NA, 1}}, new int[] {0}, CLASSES, NAMES);
        DataException e = assertThrows(DataException.class, none::dropIncomplete);
        assertTrue(e.getMessage().contains("leaves nothing"), e.getMessage());
    }

    @Test
    void quantilesIgnoreMissingCellsAndMatchNumpy() {
        DirtyData d = small();
        // numpy.nanmedian([1, 3, 4, 100]) = 3.5, numpy.nanmedian([10, 20, 40, 50]) = 30
        assertArrayEquals(new double[] {3.5, 30}, d.quantile(0.5), 1e-12);
        // numpy.nanpercentile([1, 3, 4, 100], 25) = 2.5, 75: 28.0; of [10, 20, 40, 50]: 17.5 and 42.5
        assertArrayEquals(new double[] {2.5, 17.5}, d.quantile(0.25), 1e-12);
        assertArrayEquals(new double[] {28.0, 42.5}, d.quantile(0.75), 1e-12);
        assertArrayEquals(new double[] {1, 10}, d.quantile(0), 1e-12);
        assertArrayEquals(new double[] {100, 50}, d.quantile(1), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> d.quantile(1.5));
    }

    @Test
    void imputeFillsOnlyTheMissingCells() {
        LabelledData filled = small().impute(new double[] {-1, -2});
        assertArrayEquals(new double[][] {{1, 10}, {-1, 20}, {3, -2}, {4, 40}, {100, 50}},
                filled.features().toDoubleMatrix());
        assertArrayEquals(new int[] {0, 1, 0, 1, 1}, filled.labelIndices());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> small().impute(new double[] {NA, 0}));
        assertTrue(e.getMessage().contains("values[0] (x) is NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> small().impute(new double[] {0}));
    }

    @Test
    void clipLimitsPresentCellsAndKeepsMissingOnes() {
        DirtyData clipped = small().clip(new double[] {2, 0}, new double[] {5, 45});
        double[][] x = clipped.features();
        assertArrayEquals(new double[] {2, 10}, x[0]);
        assertTrue(Double.isNaN(x[1][0]));
        assertEquals(20, x[1][1]);
        assertEquals(5, x[4][0], "the outlier 100 is clipped to 5");
        assertEquals(45, x[4][1]);
        assertEquals(2, clipped.missingCells());
        assertThrows(IllegalArgumentException.class, () -> small().clip(new double[] {3, 0}, new double[] {2, 1}));
    }

    @Test
    void corruptPutsExactlyTheRequestedCellsAndRepeatsWithItsSeed() {
        LabelledData clean = Datasets.breastCancer();
        int cells = clean.size() * clean.numFeatures();
        DirtyData dirty = DirtyData.corrupt(clean, 0.03, 0.01, 50, 7);
        assertEquals(Math.round(0.03 * cells), dirty.missingCells());
        assertEquals(Math.round(0.01 * cells), dirty.injectedOutliers());
        double[][] before = clean.features().toDoubleMatrix();
        double[][] after = dirty.features();
        double[] stds = clean.features().std(false, 0).toDoubleVector();
        int changed = 0;
        for (int i = 0; i < before.length; i++) {
            for (int j = 0; j < before[i].length; j++) {
                if (!Double.isNaN(after[i][j]) && after[i][j] != before[i][j]) {
                    changed++;
                    assertEquals(before[i][j] + 50 * stds[j], after[i][j], 1e-3 * stds[j] * 50,
                            "an outlier is the value plus 50 standard deviations");
                }
            }
        }
        assertEquals(dirty.injectedOutliers(), changed, "outliers never fall on a missing cell");
        assertArrayEquals(clean.labelIndices(), dirty.labelIndices());
        assertArrayEquals(after, DirtyData.corrupt(clean, 0.03, 0.01, 50, 7).features());
        assertFalse(java.util.Arrays.deepEquals(after, DirtyData.corrupt(clean, 0.03, 0.01, 50, 8).features()));
        assertThrows(IllegalArgumentException.class, () -> DirtyData.corrupt(clean, 0.8, 0.3, 50, 7));
    }

    @Test
    void labelledDataRefusesWhatDirtyDataHolds() {
        INDArray withNaN = Nd4j.createFromArray(new double[][] {{1, NA}, {2, 3}});
        assertThrows(IllegalArgumentException.class,
                () -> LabelledData.of("x", withNaN, new int[] {0, 1}, CLASSES, NAMES));
        assertThrows(IllegalArgumentException.class, () -> DirtyData.of("x",
                new double[][] {{1, Double.POSITIVE_INFINITY}}, new int[] {0}, CLASSES, NAMES));
        assertThrows(IllegalArgumentException.class, () -> DirtyData.of("x", new double[][] {{1, 2}},
                new int[] {2}, CLASSES, NAMES));
        DirtyData d = small();
        d.features()[0][0] = 99;
        assertEquals(1, d.features()[0][0], "features() returns a copy");
    }
}
