package org.dlnotes.efficiency;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The small constants of a network's configuration that fp16 rounds to 0, and a guard that raises them. Two break
 * fp16 training in DL4J: the optimiser's epsilon (Adam's 1e-8: a weight whose gradient is always 0 gets the update
 * {@code 0 / (0 + 0)} = NaN) and the cross-entropy's clipping epsilon (1e-10: a predicted probability that
 * underflows to 0 gives {@code 0 · log 0} = NaN in the loss, although the gradient {@code p − y} is fine).
 *
 * <pre>{@code
 * HalfPrecision.vanishing(net);              // what would be 0 in fp16
 * HalfPrecision.guard(net, 1e-4);            // raise those settings in place, before convertDataType
 * }</pre>
 */
public final class HalfPrecision {

    private HalfPrecision() {
    }

    /**
     * One setting.
     *
     * @param layer the layer's index
     * @param setting what it is, e.g. {@code "Adam epsilon"}
     * @param value its value
     * @param inHalf the value stored in fp16
     */
    public record Setting(int layer, String setting, double value, double inHalf) {
    }

    /** The settings of {@code net} that are positive but 0 in fp16. */
    public static List<Setting> vanishing(MultiLayerNetwork net) {
        Objects.requireNonNull(net, "net");
        List<Setting> found = new ArrayList<>();
        visit(net, (layer, name, value, setter) -> {
            double half = FloatFormat.round(DataType.HALF, value);
            if (value > 0 && half == 0) {
                found.add(new Setting(layer, name, value, half));
            }
        });
        return List.copyOf(found);
    }

    /**
     * Raises every setting of {@link #vanishing} to {@code floor} in {@code net}'s configuration (so copies made
     * afterwards, e.g. by {@code convertDataType}, have it too) and returns {@code net}.
     *
     * @throws IllegalArgumentException if {@code floor} is itself 0 in fp16 or not below 0.01
     */
    public static MultiLayerNetwork guard(MultiLayerNetwork net, double floor) {
        Objects.requireNonNull(net, "net");
        if (!(FloatFormat.round(DataType.HALF, floor) > 0) || !(floor < 0.01)) {
            throw new IllegalArgumentException("floor must be representable in fp16 and below 0.01, e.g. 1e-4, but is "
                    + floor);
        }
        visit(net, (layer, name, value, setter) -> {
            if (value > 0 && FloatFormat.round(DataType.HALF, value) == 0) {
                setter.set(floor);
            }
        });
        return net;
    }

    /** The settings as a table: layer, setting, value, value in fp16. */
    public static Table table(List<Setting> settings) {
        Objects.requireNonNull(settings, "settings");
        return Table.create("settings that fp16 rounds to 0",
                IntColumn.create("layer", settings.stream().mapToInt(Setting::layer).toArray()),
                StringColumn.create("setting", settings.stream().map(Setting::setting).toList()),
                DoubleColumn.create("value", settings.stream().mapToDouble(Setting::value).toArray()),
                DoubleColumn.create("in_fp16", settings.stream().mapToDouble(Setting::inHalf).toArray()));
    }

    private interface Setter {
        void set(double value);
    }

    private interface Visitor {
        void accept(int layer, String name, double value, Setter setter);
    }

    private static void visit(MultiLayerNetwork net, Visitor visitor) {
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer layer = unwrap(net.getLayerWiseConfigurations().getConf(i).getLayer());
            if (layer instanceof BaseLayer base && base.getIUpdater() != null) {
                updater(i, base.getIUpdater(), visitor);
            }
            if (layer instanceof BaseOutputLayer out) {
                ILossFunction loss = out.getLossFn();
                if (loss instanceof LossMCXENT mc) {
                    visitor.accept(i, "LossMCXENT softmaxClipEps", mc.getSoftmaxClipEps(), mc::setSoftmaxClipEps);
                } else if (loss instanceof LossBinaryXENT bin) {
                    visitor.accept(i, "LossBinaryXENT clipEps", bin.getClipEps(), bin::setClipEps);
                }
            }
        }
    }

    private static void updater(int i, IUpdater u, Visitor visitor) {
        String name = u.getClass().getSimpleName() + " epsilon";
        if (u instanceof Adam a) {
            visitor.accept(i, name, a.getEpsilon(), a::setEpsilon);
        } else if (u instanceof AdaMax a) {
            visitor.accept(i, name, a.getEpsilon(), a::setEpsilon);
        } else if (u instanceof Nadam a) {
            visitor.accept(i, name, a.getEpsilon(), a::setEpsilon);
        } else if (u instanceof AMSGrad a) {
            visitor.accept(i, name, a.getEpsilon(), a::setEpsilon);
        } else if (u instanceof RmsProp a) {
            visitor.accept(i, name, a.getEpsilon(), a::setEpsilon);
        } else if (u instanceof AdaGrad a) {
            visitor.accept(i, name, a.getEpsilon(), a::setEpsilon);
        } else if (u instanceof AdaDelta a) {
            visitor.accept(i, name, a.getEpsilon(), a::setEpsilon);
        }
    }

    private static Layer unwrap(Layer layer) {
        while (layer instanceof FrozenLayer || layer instanceof BaseWrapperLayer) {
            layer = layer instanceof FrozenLayer f ? f.getLayer() : ((BaseWrapperLayer) layer).getUnderlying();
        }
        return layer;
    }
}
