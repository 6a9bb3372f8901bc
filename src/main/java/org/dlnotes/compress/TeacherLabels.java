package org.dlnotes.compress;

import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/** Wraps labelled batches and appends the teacher's logits to each batch's one-hot labels. */
final class TeacherLabels implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    private final DataSetIterator source;
    private final MultiLayerNetwork teacher;

    TeacherLabels(DataSetIterator source, MultiLayerNetwork teacher) {
        this.source = source;
        this.teacher = teacher;
    }

    private DataSet withTeacher(DataSet batch) {
        DataSet out = new DataSet(batch.getFeatures(), Nd4j.hstack(batch.getLabels(),
                Distillation.logits(teacher, batch.getFeatures()).castTo(batch.getLabels().dataType())));
        out.setLabelNames(batch.getLabelNamesList());
        return out;
    }

    @Override
    public DataSet next(int num) {
        return withTeacher(source.next(num));
    }

    @Override
    public DataSet next() {
        return withTeacher(source.next());
    }

    @Override
    public boolean hasNext() {
        return source.hasNext();
    }

    @Override
    public int inputColumns() {
        return source.inputColumns();
    }

    @Override
    public int totalOutcomes() {
        return 2 * source.totalOutcomes();
    }

    @Override
    public boolean resetSupported() {
        return source.resetSupported();
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        source.reset();
    }

    @Override
    public int batch() {
        return source.batch();
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        source.setPreProcessor(preProcessor);
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return source.getPreProcessor();
    }

    @Override
    public List<String> getLabels() {
        return source.getLabels();
    }
}
