package org.dlnotes.economics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.dlnotes.economics.ModelChoice.Candidate;
import org.junit.jupiter.api.Test;

class ModelChoiceTest {

    private final Candidate linear = new Candidate("linear", 7_850, 0.90);
    private final Candidate smallMlp = new Candidate("mlp-32", 25_450, 0.95);
    private final Candidate bigMlp = new Candidate("mlp-256", 203_530, 0.96);       // dominated by smallCnn
    private final Candidate smallCnn = new Candidate("cnn-4-8", 13_000, 0.97);
    private final Candidate bigCnn = new Candidate("cnn-16-32", 110_000, 0.985);
    private final List<Candidate> all = List.of(linear, smallMlp, bigMlp, smallCnn, bigCnn);

    @Test
    void frontierKeepsOnlyUndominatedModelsByIncreasingCost() {
        assertEquals(List.of(linear, smallCnn, bigCnn), ModelChoice.frontier(all));
        assertTrue(smallCnn.dominates(smallMlp));
        assertTrue(smallCnn.dominates(bigMlp));
        assertFalse(linear.dominates(smallCnn));
        assertFalse(linear.dominates(linear));
        // a tie in both: the first is kept
        Candidate twin = new Candidate("twin", 7_850, 0.90);
        assertEquals(List.of(linear), ModelChoice.frontier(List.of(linear, twin)));
    }

    @Test
    void cheapestMeetingTheTarget() {
        assertEquals(smallCnn, ModelChoice.cheapestMeeting(all, 0.96).orElseThrow());
        assertEquals(linear, ModelChoice.cheapestMeeting(all, 0.5).orElseThrow());
        assertEquals(bigCnn, ModelChoice.cheapestMeeting(all, 0.98).orElseThrow());
        assertTrue(ModelChoice.cheapestMeeting(all, 0.99).isEmpty());
        // equal cost: the better one
        Candidate better = new Candidate("better", 7_850, 0.91);
        assertEquals(better, ModelChoice.cheapestMeeting(List.of(linear, better), 0.8).orElseThrow());
    }

    @Test
    void rejectsBadInput() {
        assertEquals("candidates must not be empty", assertThrows(IllegalArgumentException.class,
                () -> ModelChoice.frontier(List.of())).getMessage());
        assertEquals("cost of 'x' must be a finite number >= 0, but is -1.0",
                assertThrows(IllegalArgumentException.class, () -> new Candidate("x", -1, 0.5)).getMessage());
        assertEquals("quality of 'x' must be finite, but is NaN",
                assertThrows(IllegalArgumentException.class, () -> new Candidate("x", 1, Double.NaN)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelChoice.cheapestMeeting(all, Double.NaN));
    }

    @Test
    void chartShowsEveryCandidateAndJoinsTheFrontier() {
        org.knowm.xchart.XYChart chart = ModelChoice.chart("accuracy vs size", "parameters", "accuracy", all);
        assertEquals(all.size() + 1, chart.getSeriesMap().size());
        org.knowm.xchart.XYSeries frontier = chart.getSeriesMap().get("frontier");
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {7_850, 13_000, 110_000},
                frontier.getXData(), 0);
        assertTrue(chart.getStyler().isXAxisLogarithmic());
        assertEquals(0.96, chart.getSeriesMap().get("mlp-256").getYData()[0], 0);
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> ModelChoice.chart("t", "x",
                "y", List.of(new Candidate("free", 0, 0.5))));
        assertTrue(zero.getMessage().contains("'free'"), zero.getMessage());
    }
}
