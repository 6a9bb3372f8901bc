package org.dlnotes.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.dlnotes.charts.Flowchart;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * One row per layer of a network (name, type, input → output shape, parameter count) plus totals; show
 * {@link #table()} in a notebook. Shapes use {@code n} for the batch and {@code T} for an unknown sequence length.
 *
 * <pre>{@code
 * ModelSummary.of(net).table()   // layer | name | type | input | output | params | trainable
 * }</pre>
 *
 * @param layers one row per layer, in order
 * @param totalParams parameters of the whole network
 * @param trainableParams parameters outside frozen layers
 */
public record ModelSummary(List<LayerRow> layers, long totalParams, long trainableParams) {

    /**
     * One layer.
     *
     * @param index position in the network
     * @param name DL4J layer name
     * @param type layer kind, wrappers shown as {@code Frozen(DenseLayer)}
     * @param input input shape, e.g. {@code [n, 64]}
     * @param output output shape, e.g. {@code [n, 128, T]}
     * @param params number of parameters
     * @param trainable false for a frozen layer
     */
    public record LayerRow(int index, String name, String type, String input, String output, long params,
                           boolean trainable) {
    }

    /** Copies the rows so that the summary is immutable. */
    public ModelSummary {
        layers = List.copyOf(layers);
    }

    /** Summarises a network, inferring its input from the first layer (feed-forward, flat image, sequence). */
    public static ModelSummary of(MultiLayerNetwork net) {
        Objects.requireNonNull(net, "net");
        return of(net, inferInput(net.getLayerWiseConfigurations()));
    }

    /** Summarises a network fed with the given input type. */
    public static ModelSummary of(MultiLayerNetwork net, InputType input) {
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(input, "input");
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        boolean lengthKnown = input.getType() != InputType.Type.RNN
                || ((InputType.InputTypeRecurrent) input).getTimeSeriesLength() > 0;
        List<LayerRow> rows = new ArrayList<>();
        InputType in = input;
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer layer = conf.getConf(i).getLayer();
            InputPreProcessor pre = conf.getInputPreProcess(i);
            InputType out = outputType(i, layer, pre == null ? in : pre.getOutputType(in));
            rows.add(new LayerRow(i, layer.getLayerName(), typeName(layer), shape(in, lengthKnown),
                    shape(out, lengthKnown), net.getLayer(i).numParams(), !(layer instanceof FrozenLayer)));
            in = out;
        }
        long total = rows.stream().mapToLong(LayerRow::params).sum();
        long trainable = rows.stream().filter(LayerRow::trainable).mapToLong(LayerRow::params).sum();
        return new ModelSummary(rows, total, trainable);
    }

    /** The rows as a table, with a last row "total". */
    public Table table() {
        IntColumn index = IntColumn.create("layer");
        StringColumn name = StringColumn.create("name");
        StringColumn type = StringColumn.create("type");
        StringColumn input = StringColumn.create("input");
        StringColumn output = StringColumn.create("output");
        LongColumn params = LongColumn.create("params");
        BooleanColumn trainable = BooleanColumn.create("trainable");
        for (LayerRow r : layers) {
            index.append(r.index());
            name.append(r.name());
            type.append(r.type());
            input.append(r.input());
            output.append(r.output());
            params.append(r.params());
            trainable.append(r.trainable());
        }
        index.appendMissing();
        name.append("total");
        type.append(trainableParams + " trainable");
        input.append(layers.isEmpty() ? "" : layers.get(0).input());
        output.append(layers.isEmpty() ? "" : layers.get(layers.size() - 1).output());
        params.append(totalParams);
        trainable.appendMissing();
        return Table.create("model summary", index, name, type, input, output, params, trainable);
    }

    /**
     * The network as a top-to-bottom diagram: a node per layer (index, type, parameters) between an input and an
     * output node, each edge labelled with the shape that flows along it. Draw it with
     * {@code Graphviz.render(summary.flowchart().toDot())}.
     */
    public Flowchart flowchart() {
        List<Flowchart.Node> nodes = new ArrayList<>();
        List<Flowchart.Edge> edges = new ArrayList<>();
        nodes.add(new Flowchart.Node("input", "input", "round"));
        String previous = "input";
        for (LayerRow r : layers) {
            String id = "layer" + r.index();
            nodes.add(new Flowchart.Node(id, String.format(Locale.ROOT, "%d · %s · %,d params%s", r.index(), r.type(),
                    r.params(), r.trainable() ? "" : " (frozen)"), "box"));
            edges.add(new Flowchart.Edge(previous, id, r.input(), "arrow"));
            previous = id;
        }
        nodes.add(new Flowchart.Node("output", "output", "round"));
        edges.add(new Flowchart.Edge(previous, "output", layers.isEmpty() ? "" : layers.get(layers.size() - 1)
                .output(), "arrow"));
        return new Flowchart("TB", nodes, edges, List.of());
    }

    /** One line: layer types and total parameters. */
    @Override
    public String toString() {
        return layers.stream().map(LayerRow::type).collect(Collectors.joining(" → "))
                + " · " + totalParams + " params (" + trainableParams + " trainable)";
    }

    /** DL4J M2.1's GlobalPoolingLayer reports a sequence output for a sequence input; it is one vector. */
    private static InputType outputType(int index, Layer layer, InputType in) {
        Layer inner = layer instanceof FrozenLayer f ? f.getLayer() : layer;
        if (inner instanceof GlobalPoolingLayer g && g.isCollapseDimensions()) {
            if (in instanceof InputType.InputTypeRecurrent r) {
                return InputType.feedForward(r.getSize());
            }
            if (in instanceof InputType.InputTypeConvolutional c) {
                return InputType.feedForward(c.getChannels());
            }
        }
        return layer.getOutputType(index, in);
    }

    private static String typeName(Layer layer) {
        if (layer instanceof FrozenLayer f) {
            return "Frozen(" + typeName(f.getLayer()) + ")";
        }
        if (layer instanceof BaseWrapperLayer w) {
            return layer.getClass().getSimpleName() + "(" + typeName(w.getUnderlying()) + ")";
        }
        return layer.getClass().getSimpleName();
    }

    private static InputType inferInput(MultiLayerConfiguration conf) {
        InputPreProcessor pre = conf.getInputPreProcess(0);
        if (pre instanceof FeedForwardToCnnPreProcessor p) {
            return InputType.convolutionalFlat(p.getInputHeight(), p.getInputWidth(), p.getNumChannels());
        }
        Layer layer = conf.getConf(0).getLayer();
        while (layer instanceof FrozenLayer || layer instanceof BaseWrapperLayer) {
            layer = layer instanceof FrozenLayer f ? f.getLayer() : ((BaseWrapperLayer) layer).getUnderlying();
        }
        if (layer instanceof EmbeddingSequenceLayer) {
            return InputType.recurrent(1, RNNFormat.NCW);
        }
        if (layer instanceof BaseRecurrentLayer r) {
            return InputType.recurrent(r.getNIn(), r.getRnnDataFormat());
        }
        if (layer instanceof FeedForwardLayer ff) {
            return InputType.feedForward(ff.getNIn());
        }
        throw new IllegalArgumentException("cannot infer the input of a network starting with "
                + layer.getClass().getSimpleName() + "; call ModelSummary.of(net, inputType)");
    }

    private static String shape(InputType type, boolean lengthKnown) {
        long[] s = type instanceof InputType.InputTypeConvolutionalFlat flat
                ? new long[] {-1, flat.getFlattenedSize()} : type.getShape(true);
        boolean sequence = type.getType() == InputType.Type.RNN;
        return LongStream.range(0, s.length).mapToObj(i -> {
            if (i == 0) {
                return "n";
            }
            if (sequence && i == s.length - 1 && !lengthKnown) {
                return "T";
            }
            return Long.toString(s[(int) i]);
        }).collect(Collectors.joining(", ", "[", "]"));
    }
}
