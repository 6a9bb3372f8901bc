package org.dlnotes.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.models.Cnn;
import org.dlnotes.models.Mlp;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class QuantizationTest {

    /** [rows, cols] Gaussian weights, column c scaled by 10^(c mod 3 − 1), plus an outlier in column 0. */
    private static INDArray weights(int rows, int cols, long seed) {
        Random r = new Random(seed);
        float[][] w = new float[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < cols; c++) {
                w[i][c] = (float) (r.nextGaussian() * Math.pow(10, c % 3 - 1));
            }
        }
        w[3][0] = 5f;
        return Nd4j.createFromArray(w);
    }

    private static void assertWithinHalfScale(INDArray original, QuantizedTensor q) {
        double[] w = original.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] back = q.dequantize().castTo(DataType.DOUBLE).dup('c').data().asDouble();
        float[] scales = q.scales();
        long cols = original.size(1);
        for (int i = 0; i < w.length; i++) {
            double scale = q.axis() < 0 ? scales[0] : scales[(int) (i % cols)];
            assertTrue(Math.abs(back[i] - w[i]) <= scale / 2 + Math.ulp((float) scale * (1 << q.bits())) / 2.0,
                    "element " + i + ": " + w[i] + " → " + back[i] + ", scale " + scale + ", " + q);
        }
    }

    /**
     * A value half a step from two codes, nudged so that the float32 dequantised value lands just beyond scale/2 of
     * it: the bound must include that rounding (a trained network's 235,000 weights hit such a case).
     */
    @Test
    void theBoundIncludesTheFloat32RoundingOfTheDequantisedValue() {
        float largest = 0.35529205f;
        float scale = QuantizedTensor.quantize(Nd4j.createFromArray(largest), QuantScheme.SYMMETRIC, 8, -1).scales()[0];
        QuantizedTensor q = null;
        double error = 0;
        for (int code = 127; code > 64 && error <= scale / 2.0 * (1 + 1e-6); code--) {
            float x = (float) (scale * (code - 0.5));
            for (int ulps = 0; ulps < 4 && error <= scale / 2.0 * (1 + 1e-6); ulps++, x = Math.nextUp(x)) {
                q = QuantizedTensor.quantize(Nd4j.createFromArray(largest, x), QuantScheme.SYMMETRIC, 8, -1);
                error = Math.abs(q.dequantize().getDouble(1) - x);
            }
        }
        assertTrue(error > scale / 2.0 * (1 + 1e-6), "found a value beyond scale/2 by float32 rounding: " + error);
        assertTrue(error <= q.errorBound(), "error " + error + ", bound " + q.errorBound());
    }

    @Test
    void roundTripErrorIsAtMostHalfAStepForEverySchemeGranularityAndWidth() {
        INDArray w = weights(60, 9, 1);
        for (QuantScheme scheme : QuantScheme.values()) {
            for (int axis : new int[] {-1, 1}) {
                for (int bits : new int[] {8, 6, 4, 2}) {
                    QuantizedTensor q = QuantizedTensor.quantize(w, scheme, bits, axis);
                    assertWithinHalfScale(w, q);
                    assertArrayEquals(w.shape(), q.dequantize().shape());
                }
            }
        }
    }

    @Test
    void int8SymmetricPerTensorStepIsTheLargestMagnitudeOver127() {
        INDArray w = weights(60, 9, 2);
        QuantizedTensor q = QuantizedTensor.quantize(w, QuantScheme.SYMMETRIC, 8, -1);
        double maxAbs = w.amaxNumber().doubleValue();
        assertEquals(maxAbs / 127, q.scales()[0], maxAbs / 127 * 1e-6);
        assertEquals(maxAbs / 254, q.errorBound(), maxAbs / 254 * 2e-5, "half a step, and float32's rounding");
        double err = q.dequantize().sub(w).amaxNumber().doubleValue();
        assertTrue(err <= maxAbs / 254 * (1 + 1e-6) && err > 0, "error " + err);
        int lo = 0;
        int hi = 0;
        for (byte b : q.codes()) {
            lo = Math.min(lo, b);
            hi = Math.max(hi, b);
        }
        assertEquals(127, hi, "the outlier 5 gets the top code");
        assertTrue(lo >= -127, "symmetric codes never use -128, but saw " + lo);
    }

    @Test
    void affineUsesTheWholeGridAndKeepsZeroExact() {
        // all positive values: symmetric wastes the negative half of its codes, affine does not
        INDArray w = Nd4j.linspace(0.5, 2.0, 100, DataType.FLOAT).reshape(10, 10);
        QuantizedTensor affine = QuantizedTensor.quantize(w, QuantScheme.AFFINE, 4, -1);
        QuantizedTensor symmetric = QuantizedTensor.quantize(w, QuantScheme.SYMMETRIC, 4, -1);
        double affineError = affine.dequantize().sub(w).amaxNumber().doubleValue();
        double symmetricError = symmetric.dequantize().sub(w).amaxNumber().doubleValue();
        assertTrue(affineError < symmetricError, affineError + " vs " + symmetricError);
        assertEquals(2.0 / 15, affine.scales()[0], 1e-6, "range widened to include 0: [0, 2] over 15 steps");
        assertEquals(2.0 / 7, symmetric.scales()[0], 1e-6);
        // zero stays exactly zero in both schemes
        INDArray withZero = Nd4j.createFromArray(new float[] {-0.3f, 0f, 0.7f, 1.9f});
        for (QuantScheme s : QuantScheme.values()) {
            assertEquals(0.0, QuantizedTensor.quantize(withZero, s, 8, -1).dequantize().getDouble(1), 0.0, s.name());
        }
    }

    @Test
    void perChannelBeatsPerTensorWhenColumnsHaveDifferentScales() {
        INDArray w = weights(60, 9, 3);
        INDArray perTensor = QuantizedTensor.quantize(w, QuantScheme.SYMMETRIC, 4, -1).dequantize();
        QuantizedTensor q = QuantizedTensor.quantize(w, QuantScheme.SYMMETRIC, 4, 1);
        INDArray perChannel = q.dequantize();
        assertEquals(9, q.scales().length);
        // column 1 holds values ~0.1: a per-tensor grid (step 5/7) rounds almost all of them to 0
        INDArray column = w.getColumn(1);
        double tensorError = perTensor.getColumn(1).sub(column).norm2Number().doubleValue();
        double channelError = perChannel.getColumn(1).sub(column).norm2Number().doubleValue();
        assertTrue(channelError < tensorError / 5, channelError + " vs " + tensorError);
    }

    @Test
    void storageBytesCountCodesScalesAndZeroPoints() {
        INDArray w = Nd4j.rand(DataType.FLOAT, 100, 10).subi(0.5);
        assertEquals(1000 + 4, QuantizedTensor.quantize(w, QuantScheme.SYMMETRIC, 8, -1).storageBytes());
        assertEquals(1000 + 40, QuantizedTensor.quantize(w, QuantScheme.SYMMETRIC, 8, 1).storageBytes());
        assertEquals(1000 + 40 + 10, QuantizedTensor.quantize(w, QuantScheme.AFFINE, 8, 1).storageBytes());
        assertEquals(500 + 4, QuantizedTensor.quantize(w, QuantScheme.SYMMETRIC, 4, -1).storageBytes());
        assertEquals(375 + 4 + 1, QuantizedTensor.quantize(w, QuantScheme.AFFINE, 3, -1).storageBytes());
    }

    @Test
    void badInputIsRejectedWithTheValue() {
        INDArray w = Nd4j.rand(3, 4);
        assertEquals("bits must be in [2, 8], but is 9", assertThrows(IllegalArgumentException.class,
                () -> QuantizedTensor.quantize(w, QuantScheme.SYMMETRIC, 9, -1)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> QuantizedTensor.quantize(w, QuantScheme.SYMMETRIC, 8, 2)).getMessage().contains("but is 2"));
        INDArray nan = Nd4j.createFromArray(new float[] {1f, Float.NaN});
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> QuantizedTensor.quantize(nan, QuantScheme.AFFINE, 8, -1)).getMessage().contains("NaN"));
        MultiLayerNetwork net = Mlp.builder().inputs(2).output(2, Activation.SOFTMAX, LossFunction.MCXENT).build();
        assertThrows(IllegalArgumentException.class,
                () -> Quantization.quantize(net, QuantScheme.SYMMETRIC, Granularity.PER_TENSOR, 1));
    }

    @Test
    void networkQuantisationChangesOnlyTheWeightsOfACopy() {
        MultiLayerNetwork net = Mlp.builder().inputs(4).hidden(8).output(3, Activation.SOFTMAX, LossFunction.MCXENT)
                .seed(5).build();
        INDArray before = net.params().dup();
        QuantizedNetwork q = Quantization.quantize(net, QuantScheme.SYMMETRIC, Granularity.PER_CHANNEL, 8);
        assertEquals(before, net.params(), "the original is unchanged");
        assertEquals(2, q.tensors().size());
        assertEquals(8, q.tensors().get("0_W").scales().length);
        assertEquals(3, q.tensors().get("1_W").scales().length);
        assertEquals(net.getParam("0_b"), q.network().getParam("0_b"), "biases stay float32");
        assertNotEquals(net.getParam("0_W"), q.network().getParam("0_W"));
        assertTrue(q.withinBounds());
        assertTrue(q.maxError() > 0);
        // 56 weights at 1 byte + 11 scales at 4 bytes + 11 biases at 4 bytes, against 67 parameters at 4 bytes
        assertEquals(67 * 4, q.float32Bytes());
        assertEquals(56 + 44 + 44, q.quantizedBytes());
        assertEquals(268.0 / 144, q.compressionRatio(), 1e-12);
        INDArray x = Nd4j.rand(DataType.FLOAT, 20, 4);
        double diff = q.network().output(x).sub(net.output(x)).amaxNumber().doubleValue();
        assertTrue(diff < 0.02 && diff > 0, "int8 outputs close to float32 outputs, but differ by " + diff);
        assertEquals(2, q.table().rowCount());
    }

    @Test
    void convolutionFiltersAreTheChannels() {
        MultiLayerNetwork cnn = Cnn.builder().image(8, 8, 1).classes(10).filters(4).dense(16).build();
        QuantizedNetwork q = Quantization.quantize(cnn, QuantScheme.AFFINE, Granularity.PER_CHANNEL, 8);
        QuantizedTensor conv = q.tensors().get("0_W");
        assertEquals(0, conv.axis());
        assertEquals(4, conv.scales().length, "one scale per filter of W [4, 1, 3, 3]");
        assertEquals(3, q.tensors().size(), "convolution, dense and output weights");
        assertTrue(q.withinBounds());
    }

    @Test
    void compareEvaluatesTheFourVariantsAgainstTheReference() {
        MultiLayerNetwork net = Mlp.builder().inputs(4).hidden(8).output(3, Activation.SOFTMAX, LossFunction.MCXENT)
                .seed(5).build();
        INDArray x = Nd4j.rand(DataType.FLOAT, 40, 4);
        int[] labels = new int[40];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 3;
        }
        org.dlnotes.data.LabelledData test = org.dlnotes.data.LabelledData.of("t", x, labels,
                java.util.List.of("a", "b", "c"), java.util.List.of("f1", "f2", "f3", "f4"));
        tech.tablesaw.api.Table t = Quantization.compare(net, test, 2);
        assertEquals(java.util.List.of("symmetric, per tensor", "symmetric, per channel", "affine, per tensor",
                "affine, per channel"), t.stringColumn(0).asList());
        QuantizedNetwork affine = Quantization.quantize(net, QuantScheme.AFFINE, Granularity.PER_CHANNEL, 2);
        assertEquals(affine.quantizedBytes(), t.longColumn("bytes").get(3));
        assertEquals(affine.maxError(), t.doubleColumn("max |weight error|").get(3), 1e-12);
        double referenceAccuracy = org.dlnotes.metrics.Classification.accuracy(test.labels(), net.output(x));
        double affineAccuracy = org.dlnotes.metrics.Classification.accuracy(test.labels(), affine.network().output(x));
        assertEquals(affineAccuracy, t.doubleColumn("test accuracy").get(3), 1e-12);
        assertEquals(referenceAccuracy - affineAccuracy, t.doubleColumn("accuracy drop").get(3), 1e-12);
        double agreement = affine.network().output(x).argMax(1).eq(net.output(x).argMax(1)).castTo(DataType.DOUBLE)
                .meanNumber().doubleValue();
        assertEquals(agreement, t.doubleColumn("same prediction as float32").get(3), 1e-12);
        assertTrue(t.booleanColumn("within bound").get(0));
        assertTrue(t.name().startsWith("2-bit"), t.name());
    }
}
