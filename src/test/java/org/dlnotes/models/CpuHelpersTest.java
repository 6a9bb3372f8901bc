package org.dlnotes.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class CpuHelpersTest {

    private final String before = System.getProperty(CpuHelpers.DISABLE_PROPERTY);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(CpuHelpers.DISABLE_PROPERTY);
        } else {
            System.setProperty(CpuHelpers.DISABLE_PROPERTY, before);
        }
    }

    private static MultiLayerNetwork cnn(boolean helpers) {
        System.setProperty(CpuHelpers.DISABLE_PROPERTY, Boolean.toString(!helpers));
        return Cnn.builder().image(28, 28, 1).classes(10).seed(3).build();
    }

    @Test
    void buildersSwitchTheOneDnnHelpersOnUnlessTheUserSetTheProperty() {
        System.clearProperty(CpuHelpers.DISABLE_PROPERTY);
        MultiLayerNetwork net = Mlp.builder().inputs(2).output(2, org.nd4j.linalg.activations.Activation.SOFTMAX,
                org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT).build();
        assertNotNull(net);
        assertEquals("false", System.getProperty(CpuHelpers.DISABLE_PROPERTY));
        assertTrue(CpuHelpers.active(), "DL4J finds the native environment through the org.nd4j.nativeblas shim");

        System.setProperty(CpuHelpers.DISABLE_PROPERTY, "true");
        Mlp.builder().inputs(2).output(2, org.nd4j.linalg.activations.Activation.SOFTMAX,
                org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT).build();
        assertEquals("true", System.getProperty(CpuHelpers.DISABLE_PROPERTY), "an explicit choice is kept");
        assertFalse(CpuHelpers.active());
    }

    @Test
    void convolutionGetsAHelperThatComputesWhatDl4jComputes() {
        MultiLayerNetwork plain = cnn(false);
        MultiLayerNetwork fast = cnn(true);
        assertNull(plain.getLayer(0).getHelper());
        assertTrue(fast.getLayer(0).getHelper() instanceof MKLDNNConvHelper, String.valueOf(fast.getLayer(0).getHelper()));
        assertNull(fast.getLayer(1).getHelper(), "pooling runs on ND4J's kernels (Nd4jPoolingLayer)");
        assertEquals(plain.params(), fast.params(), "same seed, same weights");

        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 784);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 10);
        for (int i = 0; i < 16; i++) {
            y.putScalar(i, i % 10, 1f);
        }
        assertTrue(plain.output(x).equalsWithEps(fast.output(x), 1e-5), "inference agrees");
        DataSet batch = new DataSet(x, y);
        for (int i = 0; i < 5; i++) {
            plain.fit(batch);
            fast.fit(batch);
        }
        assertEquals(plain.score(), fast.score(), 1e-4, "training agrees");
        assertTrue(plain.params().equalsWithEps(fast.params(), 1e-4), "parameters after 5 Adam steps agree");
    }

    @Test
    void nativeBuildNamesTheLoadedLibrary() {
        Nd4j.create(1);
        assertTrue(CpuHelpers.nativeBuild().startsWith("linux-x86_64"), CpuHelpers.nativeBuild());
        String expected = System.getProperty("dlnotes.test.nd4j.build"); // the pom's nd4j.classifier, from surefire
        if (expected != null) {
            assertEquals(expected, CpuHelpers.nativeBuild());
        }
    }
}
