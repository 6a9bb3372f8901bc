package example;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.data.Datasets;
import org.dlnotes.data.LabelledData;
import org.dlnotes.data.Scaler;
import org.dlnotes.data.Split;
import org.dlnotes.metrics.ConfusionMatrix;
import org.dlnotes.models.Mlp;
import org.dlnotes.train.Trainer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Trains a small network on the iris flowers with dlnotes and prints its test accuracy. The datasets are not in the
 * jar: run it with DLNOTES_DATA (or -Ddlnotes.data) set to the data/ folder of a dlnotes checkout.
 */
public class IrisExample {
    public static void main(String[] args) {
        LabelledData iris = Datasets.iris();
        Split split = iris.split(0.6, 0.2, 42);
        Split scaled = Scaler.standardize(split.train()).transform(split);
        MultiLayerNetwork net = Mlp.builder()
                .inputs(4).hidden(16).activation(Activation.RELU)
                .output(3, Activation.SOFTMAX, LossFunction.MCXENT)
                .updater(new Adam(0.01)).seed(42)
                .build();
        Trainer.of(net).epochs(60).progressEvery(20).fit(scaled.train().batches(16, 42));
        ConfusionMatrix confusion = ConfusionMatrix.of(scaled.test().labels(), net.output(scaled.test().features()));
        System.out.println(iris.table().first(3));
        System.out.printf("test accuracy %.3f on %d flowers%n", confusion.accuracy(), confusion.total());
    }
}
