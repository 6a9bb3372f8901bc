package org.dlnotes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * DL4J pins fastutil 6 and Tablesaw needs fastutil 8: the pom manages it to 8. This proves both libraries work in
 * one JVM: a Tablesaw table (backed by fastutil 8 collections) feeds a DL4J network that learns XOR.
 */
class ClasspathInteropTest {

    @Test
    void tablesawTableTrainsADl4jNetworkInTheSameJvm() {
        Table xor = Table.create("xor",
                DoubleColumn.create("a", 0, 0, 1, 1),
                DoubleColumn.create("b", 0, 1, 0, 1),
                IntColumn.create("label", 0, 1, 1, 0));
        // Tablesaw operations that use fastutil 8 internals (sorting, grouping, selections).
        assertEquals(2, xor.where(xor.intColumn("label").isEqualTo(1)).rowCount());
        assertEquals(2, xor.sortDescendingOn("a").countBy("label").rowCount());

        INDArray features = Nd4j.create(xor.as().doubleMatrix("a", "b"));
        int[] labels = xor.intColumn("label").asIntArray();
        INDArray oneHot = Nd4j.zeros(labels.length, 2);
        for (int i = 0; i < labels.length; i++) {
            oneHot.putScalar(i, labels[i], 1.0);
        }
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(7).updater(new Adam(0.05)).list()
                .layer(new DenseLayer.Builder().nIn(2).nOut(8).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(8).nOut(2).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        DataSet data = new DataSet(features, oneHot);
        double before = net.score(data);
        for (int i = 0; i < 300; i++) {
            net.fit(data);
        }
        double after = net.score(data);

        int[] predicted = net.predict(features);
        xor.addColumns(IntColumn.create("predicted", predicted));
        assertTrue(after < before / 10, "loss should fall by 10x: " + before + " -> " + after);
        assertEquals(xor.intColumn("label").asList(), xor.intColumn("predicted").asList());
    }
}
