package org.dlnotes.efficiency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.models.Cnn;
import org.dlnotes.models.Mlp;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class FlopCountTest {

    @Test
    void denseLayersCostTwoFlopsPerWeight() {
        MultiLayerNetwork net = Mlp.builder().inputs(784).hidden(128).output(10, Activation.SOFTMAX,
                LossFunction.MCXENT).build();
        FlopCount count = FlopCount.of(net, 784);
        assertEquals(2L * (784 * 128 + 128 * 10), count.forwardFlops());
        assertEquals(3 * count.forwardFlops(), count.trainingFlops());
        assertEquals(net.numParams(), count.parameters());
        // each weight once per example: 6·N per example up to the biases
        assertEquals(1.0, count.reuse(), 0.002);
        assertEquals(2, count.table().rowCount());
    }

    @Test
    void convolutionsReuseEachWeightAtEveryPosition() {
        MultiLayerNetwork net = Cnn.builder().image(8, 8, 1).classes(10).filters(4).dense(16).build();
        FlopCount count = FlopCount.of(net, 64);
        // layer 0: 3×3 same-padded convolution, 1 → 4 channels, on 8×8 positions
        assertEquals(2L * 3 * 3 * 1 * 4 * 8 * 8, count.layers().get(0).forwardFlops());
        assertEquals(0, count.layers().get(1).forwardFlops(), "pooling is not counted");
        // dense: 4×4×4 = 64 inputs → 16, output 16 → 10
        assertEquals(2L * 64 * 16, count.layers().get(2).forwardFlops());
        assertEquals(2L * 16 * 10, count.layers().get(3).forwardFlops());
        assertTrue(count.layers().get(0).forwardFlops() > 2 * 60 * count.layers().get(0).parameters() / 2,
                "the convolution uses each of its 40 parameters at 64 positions");
        assertTrue(count.reuse() > 2);
    }

    @Test
    void rejectsLayersItCannotCount() {
        MultiLayerNetwork lstm = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new LSTM.Builder().nIn(3).nOut(4).build())
                .layer(new RnnOutputLayer.Builder(LossFunction.MCXENT).nIn(4).nOut(2).activation(Activation.SOFTMAX)
                        .dataFormat(RNNFormat.NCW).build())
                .build());
        lstm.init();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FlopCount.of(lstm, 3, 5));
        assertTrue(e.getMessage().contains("LSTM"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FlopCount.of(lstm));
    }
}
