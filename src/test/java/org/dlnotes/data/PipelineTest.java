package org.dlnotes.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The notebook pipeline of data/README.md, end to end: the data it produces trains a DL4J network. */
class PipelineTest {

    @Test
    void irisPipelineTrainsAClassifier() {
        LabelledData iris = Datasets.iris();
        Split split = iris.split(0.7, 0.15, 42);
        Scaler scaler = Scaler.standardize(split.train());
        Split scaled = scaler.transform(split);
        DataSetIterator train = scaled.train().batches(16, 42);

        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(42).updater(new Adam(0.05)).list()
                .layer(new DenseLayer.Builder().nIn(iris.numFeatures()).nOut(8).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(iris.classes().size())
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        double before = net.evaluate(scaled.test().batches(64, 1)).accuracy();
        net.fit(train, 10);
        double after = net.evaluate(scaled.test().batches(64, 1)).accuracy();
        assertTrue(after >= 0.9, "test accuracy after training is " + after + " (before: " + before + ")");
    }
}
