package org.dlnotes.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

class ScalerTest {

    private static final Split SPLIT = Datasets.wine().split(0.7, 0.15, 11);

    @Test
    void standardizeUsesTrainStatisticsOnly() {
        Scaler scaler = Scaler.standardize(SPLIT.train());
        Split scaled = scaler.transform(SPLIT);
        INDArray train = scaled.train().features();
        for (int f = 0; f < train.columns(); f++) {
            assertEquals(0.0, train.getColumn(f).meanNumber().doubleValue(), 1e-4);
            assertEquals(1.0, train.getColumn(f).stdNumber().doubleValue() * Math.sqrt((train.rows() - 1.0) / train.rows()), 1e-3);
        }
        // the test part is scaled with the train mean and std, so its own mean is not exactly 0
        INDArray rawTrain = SPLIT.train().features();
        INDArray rawTest = SPLIT.test().features();
        double mean = rawTrain.getColumn(12).meanNumber().doubleValue();
        double std = rawTrain.getColumn(12).stdNumber().doubleValue() * Math.sqrt((rawTrain.rows() - 1.0) / rawTrain.rows());
        assertEquals((rawTest.getDouble(0, 12) - mean) / std, scaled.test().features().getDouble(0, 12), 1e-3);
        assertTrue(Math.abs(scaled.test().features().getColumn(12).meanNumber().doubleValue()) > 1e-3);
        assertEquals(SPLIT.test().classCounts(), scaled.test().classCounts());
        // the original split is unchanged
        assertEquals(rawTest, SPLIT.test().features());
    }

    @Test
    void minMaxMapsTrainToUnitInterval() {
        Scaler scaler = Scaler.minMax(SPLIT.train());
        INDArray train = scaler.transform(SPLIT.train()).features();
        assertEquals(0.0, train.minNumber().doubleValue(), 1e-6);
        assertEquals(1.0, train.maxNumber().doubleValue(), 1e-6);
        INDArray row = Nd4j.create(new float[][] {SPLIT.train().features().getRow(0).toFloatVector()});
        assertEquals(train.getRow(0), scaler.transform(row).getRow(0));
    }

    @Test
    void constantPixelsDoNotTurnIntoNaN() {
        LabelledData digits = Datasets.digits();
        assertEquals(0.0, digits.features().getColumn(0).maxNumber().doubleValue(), "pixel_0_0 is always 0");
        INDArray scaled = Scaler.standardize(digits).transform(digits).features();
        assertFalse(scaled.isNaN().any(), "standardised digits contain NaN");
        assertFalse(scaled.isInfinite().any(), "standardised digits contain infinities");
        INDArray minMax = Scaler.minMax(digits).transform(digits).features();
        assertFalse(minMax.isNaN().any(), "min-max scaled digits contain NaN");
    }

    @Test
    void robustScalingCentresOnTheMedianAndDividesByTheInterquartileRange(@TempDir Path dir) {
        // one feature 1..9 and an outlier of 1000; a constant feature
        double[][] x = new double[10][];
        for (int i = 0; i < 10; i++) {
            x[i] = new double[] {i < 9 ? i + 1 : 1000, 5};
        }
        LabelledData data = LabelledData.of("robust", Nd4j.createFromArray(x), new int[10], List.of("a", "b"),
                List.of("f", "constant"));
        Scaler robust = Scaler.robust(data);
        // numpy: median of 1..9, 1000 is 5.5, quartiles 3.25 and 7.75 (type 7), so (x − 5.5) / 4.5; constant: / 1
        INDArray scaled = robust.transform(data).features();
        assertEquals((1 - 5.5) / 4.5, scaled.getDouble(0, 0), 1e-5);
        assertEquals((1000 - 5.5) / 4.5, scaled.getDouble(9, 0), 1e-2);
        assertEquals(0.0, scaled.getColumn(1).amaxNumber().doubleValue(), 1e-6);
        assertFalse(scaled.isNaN().any());
        Scaler back = Scaler.load(robust.save(dir.resolve("robust.csv")));
        assertEquals(scaled, back.transform(data).features());
    }

    @Test
    void normalizerWorksAsIteratorPreProcessor() {
        Scaler scaler = Scaler.standardize(SPLIT.train());
        DataSetIterator it = SPLIT.train().batches(500, 1);
        it.setPreProcessor(scaler.normalizer());
        DataSet all = it.next();
        assertEquals(0.0, all.getFeatures().meanNumber().doubleValue(), 1e-4);
    }

    @Test
    void savedScalerLoadsWithTheSameStatisticsAndTransform(@TempDir Path dir) throws Exception {
        INDArray test = SPLIT.test().features();
        for (Scaler scaler : List.of(Scaler.standardize(SPLIT.train()), Scaler.minMax(SPLIT.train()))) {
            Path file = scaler.save(dir.resolve("sub/scaler.csv"));
            assertTrue(Files.readString(file).startsWith("dlnotes scaler\nkind,"), Files.readString(file));
            Scaler back = Scaler.load(file);
            assertEquals(scaler.normalizer().getClass(), back.normalizer().getClass());
            assertEquals(scaler.transform(test), back.transform(test));
            try (Stream<Path> files = Files.list(file.getParent())) {
                assertEquals(List.of(file), files.toList(), "no temporary file is left");
            }
        }
    }

    @Test
    void aDamagedScalerFileNamesTheFileAndLine(@TempDir Path dir) throws Exception {
        Path file = Scaler.standardize(SPLIT.train()).save(dir.resolve("scaler.csv"));
        String good = Files.readString(file);
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("", "is not a scaler saved by Scaler.save: it must have 5 lines");
        cases.put(good.replace("kind,standardize", "kind,robust"), "line 2: kind must be standardize or minmax");
        cases.put(good.replace("dtype,FLOAT", "dtype,REAL"), "line 3: dtype must be one of");
        cases.put(good.replaceFirst("mean,[^,]*", "mean,Infinity"), "line 4, value 1: 'mean' values must be finite");
        cases.put(good.replaceFirst("std,[^,]*", "std,x"), "line 5, value 1: 'std' values must be finite");
        cases.put(good.replace("std,", "sd,"), "line 5 must start with 'std,'");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Files.writeString(file, c.getKey());
            DataException e = assertThrows(DataException.class, () -> Scaler.load(file));
            assertTrue(e.getMessage().startsWith(file + " " + c.getValue()), e.getMessage());
        }
        DataException missing = assertThrows(DataException.class, () -> Scaler.load(dir.resolve("none.csv")));
        assertTrue(missing.getMessage().startsWith("Cannot read scaler file " + dir.resolve("none.csv")),
                missing.getMessage());
    }
}
