package org.dlnotes.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class OperatingPointTest {

    // positives (label 1) at scores 0.9, 0.8, 0.4, 0.2; negatives at 0.7, 0.3, 0.1
    private final int[] truth = {1, 1, 0, 1, 0, 1, 0};
    private final double[] scores = {0.9, 0.8, 0.7, 0.4, 0.3, 0.2, 0.1};
    private final PrecisionRecallCurve curve = PrecisionRecallCurve.of(truth, scores, 1);

    @Test
    void picksTheMostPreciseThresholdThatReachesTheRecall() {
        // recall >= 0.5: thresholds 0.8 (P 1, R 0.5) beats 0.7 (2/3) and 0.4 (3/4)
        assertEquals(new OperatingPoint(0.8, 1.0, 0.5), OperatingPoint.withRecall(curve, 0.5));
        // recall >= 0.75: 0.4 gives 3/4 precision
        assertEquals(new OperatingPoint(0.4, 0.75, 0.75), OperatingPoint.withRecall(curve, 0.75));
        // recall 1: threshold 0.2 catches all 4 positives with 2 false alarms
        assertEquals(new OperatingPoint(0.2, 4 / 6.0, 1.0), OperatingPoint.withRecall(curve, 1.0));
    }

    @Test
    void evaluatesAThresholdOnOtherDataAndPredicts() {
        assertEquals(new OperatingPoint(0.4, 0.75, 0.75), OperatingPoint.at(0.4, truth, scores, 1));
        // nothing called positive: precision 0 by convention, recall 0
        assertEquals(new OperatingPoint(0.95, 0.0, 0.0), OperatingPoint.at(0.95, truth, scores, 1));
        assertArrayEquals(new int[] {1, 1, 1, 1, 0, 0, 0}, new OperatingPoint(0.4, 0, 0).predict(scores, 1, 0));
        // the threshold is inclusive: a score equal to it is called positive
        assertArrayEquals(new int[] {7, 7, 3}, OperatingPoint.withRecall(curve, 1.0).predict(
                new double[] {0.2, 0.5, 0.19}, 7, 3));
    }

    @Test
    void rejectsBadInput() {
        assertEquals("minRecall must be in (0, 1], but is 0.0", assertThrows(IllegalArgumentException.class,
                () -> OperatingPoint.withRecall(curve, 0)).getMessage());
        assertEquals("scores[1] is NaN, not a finite number", assertThrows(IllegalArgumentException.class,
                () -> OperatingPoint.at(0.5, new int[] {1, 0}, new double[] {0.1, Double.NaN}, 1)).getMessage());
        assertEquals("truth has no sample of the positive label 1, so recall is undefined",
                assertThrows(IllegalArgumentException.class,
                        () -> OperatingPoint.at(0.5, new int[] {0, 0}, new double[] {0.1, 0.2}, 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> OperatingPoint.at(0.5, new int[] {1}, new double[0], 1));
    }

    @Test
    void listsMistakesMostConfidentFirst() {
        float[][] labels = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 0}, {0, 1, 0}};
        float[][] output = {{0.8f, 0.1f, 0.1f}, {0.7f, 0.2f, 0.1f}, {0.1f, 0.5f, 0.4f}, {0.2f, 0.2f, 0.6f},
                {0.1f, 0.8f, 0.1f}};
        List<Misclassified> mistakes = Misclassified.of(Nd4j.createFromArray(labels), Nd4j.createFromArray(output));
        assertEquals(3, mistakes.size());
        assertEquals(1, mistakes.get(0).index());
        assertEquals(0, mistakes.get(0).predicted());
        assertEquals(0.7, mistakes.get(0).confidence(), 1e-6);
        assertEquals(3, mistakes.get(1).index());
        assertEquals(2, mistakes.get(2).index());
        assertEquals("b→a", mistakes.get(0).caption(List.of("a", "b", "c")));
        assertEquals("labels has 2 columns but output has 3 classes", assertThrows(IllegalArgumentException.class,
                () -> Misclassified.of(Nd4j.createFromArray(new float[][] {{1, 0}}),
                        Nd4j.createFromArray(new float[][] {{1, 0, 0}}))).getMessage());
    }
}
