package org.dlnotes.economics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import tech.tablesaw.api.Table;

class CalculatorsTest {

    @Test
    void computeRulesOfThumb() {
        // GPT-3: 175B parameters on 300B tokens, the paper's 3.14e23 FLOPs.
        assertEquals(3.15e23, Compute.trainingFlops(175e9, 300e9), 1e21);
        assertEquals(2 * 7e9, Compute.inferenceFlopsPerToken(7e9));
        double hours = Compute.acceleratorHours(1e21, 1e15, 0.5);
        assertEquals(1e21 / 5e14 / 3600, hours, 1e-9);
        assertEquals(0.5, Compute.impliedUtilisation(1e21, hours, 1e15), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Compute.acceleratorHours(1, 1, 1.5));
    }

    @Test
    void memoryPerPrecision() {
        assertEquals(28e9, Precision.FP32.weightBytes(7e9));
        assertEquals(14e9, Precision.FP16.weightBytes(7e9));
        assertEquals(7e9, Precision.INT8.weightBytes(7e9));
        assertEquals(3.5e9, Precision.INT4.weightBytes(7e9));
    }

    @Test
    void servingIsMemoryBoundAtSmallBatchesAndComputeBoundAtLargeOnes() {
        TransformerShape shape = PublishedModel.llama2_7b().shape();
        Accelerator h100 = Accelerator.h100Sxm();
        Serving.Step one = Serving.decodeStep(shape, Precision.FP16, h100, 1, 1, 0, 1.0);
        double weights = 2.0 * shape.parameters().total();
        assertTrue(one.memoryBound());
        assertEquals(h100.memoryBandwidth() / weights, one.tokensPerSecond(), 1e-9);
        Serving.Step big = Serving.decodeStep(shape, Precision.FP16, h100, 1, 1024, 0, 1.0);
        assertFalse(big.memoryBound());
        assertEquals(h100.peakFlopsPerSecond() / (2.0 * shape.parameters().total()), big.tokensPerSecond(), 1e-6);
        // Throughput never falls as the batch grows (without cache); cost per token never rises.
        double previous = 0;
        for (int b = 1; b <= 1024; b *= 2) {
            double tps = Serving.decodeStep(shape, Precision.FP16, h100, 1, b, 0, 1.0).tokensPerSecond();
            assertTrue(tps >= previous);
            previous = tps;
        }
        // $/1M tokens = price / (tokens per hour × utilisation) × 1e6
        assertEquals(2.49 / (1000 * 3600 * 0.5) * 1e6, Serving.costPerMillionTokens(2.49, 1, 1000, 0.5), 1e-12);
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class, () -> Serving.decodeStep(
                PublishedModel.llama2_70b().shape(), Precision.FP16, h100, 1, 1, 0, 0.5));
        assertTrue(tooBig.getMessage().contains("GB"), tooBig.getMessage());
    }

    @Test
    void priceWarBreaksEvenOnlyWhenCostFallsFasterThanPrice() {
        PriceWar.Scenario war = PriceWar.Scenario.of("war", 0.5, 1.0, 0.5, 0.3, 1.0, 1.2);
        PriceWar.Scenario innovate = PriceWar.Scenario.of("innovate", 0.5, 1.0, 0.5, 1.2, 1.0, 1.2);
        assertEquals(Double.POSITIVE_INFINITY, war.breakEvenYears());
        double t = innovate.breakEvenYears();
        assertEquals(Math.log(2) / 0.7, t, 1e-12);
        assertEquals(0, innovate.margin(t), 1e-12);
        assertTrue(innovate.margin(t + 0.1) > 0 && innovate.margin(t - 0.1) < 0);
        assertTrue(war.margin(3) < war.margin(0), "the war's margin worsens over time");
        Table table = PriceWar.simulate(3, 12, List.of(war, innovate));
        assertEquals(2 * 37, table.rowCount());
        double last = table.where(table.stringColumn("scenario").isEqualTo("innovate")).doubleColumn(
                "cumulative_profit").getDouble(36);
        assertEquals(innovate.cumulativeProfit(3), last, 1e-3);
        assertEquals(0, PriceWar.Scenario.of("ok", 1.2, 1.0, 0.2, 0.2, 1, 1.2).breakEvenYears());
    }
}
