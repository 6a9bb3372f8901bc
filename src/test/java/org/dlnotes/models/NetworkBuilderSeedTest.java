package org.dlnotes.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** DL4J 1.0.0-M2.1 takes seed 0 as no seed; the builders refuse it, and any other seed repeats its weights. */
class NetworkBuilderSeedTest {

    private static MultiLayerNetwork plainDl4j(long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed).list()
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(10).nOut(3).activation(Activation.SOFTMAX)
                        .build()).build());
        net.init();
        return net;
    }

    @Test
    void dl4jTakesSeedZeroAsNoSeed() {
        // the trap the builders guard against: two networks "seeded" with 0 differ (300 weights equal by chance: never)
        assertNotEquals(plainDl4j(0).params(), plainDl4j(0).params());
        assertEquals(plainDl4j(7).params(), plainDl4j(7).params());
    }

    @Test
    void theBuildersRefuseSeedZeroAndRepeatAnyOther() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mlp.builder().seed(0));
        assertTrue(e.getMessage().contains("no seed"), e.getMessage());
        assertEquals(Mlp.logisticRegression(10).seed(1).build().params(),
                Mlp.logisticRegression(10).seed(1).build().params());
    }
}
