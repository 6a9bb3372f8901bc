package org.dlnotes.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dlnotes.models.Mlp;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Child JVM for {@link ModelStoreAtomicTest}: saves model version 1, 2, 3, ... to {@code args[0]} without end; in
 * version {@code k} every parameter is {@code k} and the history's one train_loss is {@code k}. Prints "saved" once
 * the first version is on disk.
 */
final class SavingChild {

    private SavingChild() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        MultiLayerNetwork net = Mlp.builder().inputs(20).hidden(200)
                .output(10, Activation.SOFTMAX, LossFunction.MCXENT).seed(1).build();
        for (int k = 1; ; k++) {
            net.setParams(Nd4j.valueArrayOf(net.params().shape(), (double) k));
            ModelStore.save(file, net, history(k));
            if (k == 1) {
                System.out.println("saved");
                System.out.flush();
            }
        }
    }

    /** One epoch whose train_loss is {@code version}. */
    static History history(int version) {
        return new History(List.of(new History.Epoch(1, Map.of(History.TRAIN_LOSS, (double) version))));
    }
}
