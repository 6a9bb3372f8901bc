package org.dlnotes.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import tech.tablesaw.api.Table;

class DatasetsTest {

    private static float[] row(LabelledData data, int row) {
        return data.features().getRow(row).toFloatVector();
    }

    @Test
    void iris() {
        LabelledData iris = Datasets.iris();
        assertEquals(150, iris.size());
        assertEquals(List.of("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"), iris.featureNames());
        assertEquals(Map.of("setosa", 50, "versicolor", 50, "virginica", 50), iris.classCounts());
        assertArrayEquals(new float[] {5.1f, 3.5f, 1.4f, 0.2f}, row(iris, 0));
        assertArrayEquals(new float[] {5.9f, 3.0f, 5.1f, 1.8f}, row(iris, 149));
        assertEquals(2, iris.labelIndices()[149]);
        assertEquals(4.3, iris.features().getColumn(0).minNumber().doubleValue(), 1e-6);
        assertEquals(7.9, iris.features().getColumn(0).maxNumber().doubleValue(), 1e-6);

        Table table = iris.table();
        assertEquals(150, table.rowCount());
        assertEquals(5, table.columnCount());
        assertEquals("setosa", table.stringColumn("label").get(0));
        assertEquals(5.1, table.doubleColumn("sepal_length_cm").get(0), 0.0, "the CSV's decimal, not float noise");
        assertEquals("5.1", table.doubleColumn("sepal_length_cm").getString(0));

        DataSet dataSet = iris.toDataSet();
        assertArrayEquals(new long[] {150, 3}, dataSet.getLabels().shape());
        assertArrayEquals(new float[] {0, 0, 1}, dataSet.getLabels().getRow(149).toFloatVector());
        assertEquals(150.0, dataSet.getLabels().sumNumber().doubleValue());
    }

    @Test
    void breastCancer() {
        LabelledData cancer = Datasets.breastCancer();
        assertEquals(569, cancer.size());
        assertEquals(30, cancer.numFeatures());
        assertEquals("mean_radius", cancer.featureNames().get(0));
        assertEquals("worst_fractal_dimension", cancer.featureNames().get(29));
        assertEquals(Map.of("malignant", 212, "benign", 357), cancer.classCounts());
        assertEquals(17.99f, row(cancer, 0)[0], 1e-5);
        assertEquals(0.1189f, row(cancer, 0)[29], 1e-6);
        assertEquals(0, cancer.labelIndices()[0]);
        assertEquals(2501.0, cancer.features().getColumn(3).maxNumber().doubleValue(), 1e-3);
    }

    @Test
    void wine() {
        LabelledData wine = Datasets.wine();
        assertEquals(178, wine.size());
        assertEquals(13, wine.numFeatures());
        assertEquals("od280_od315_of_diluted_wines", wine.featureNames().get(11));
        assertEquals(Map.of("class_0", 59, "class_1", 71, "class_2", 48), wine.classCounts());
        assertArrayEquals(new float[] {14.23f, 1.71f, 2.43f, 15.6f, 127f, 2.8f, 3.06f, 0.28f, 2.29f, 5.64f, 1.04f,
                3.92f, 1065f}, row(wine, 0));
    }

    @Test
    void digits() {
        LabelledData digits = Datasets.digits();
        assertEquals(1797, digits.size());
        assertEquals(64, digits.numFeatures());
        assertEquals(178, digits.classCounts().get("0"));
        assertEquals(183, digits.classCounts().get("3"));
        assertEquals(0.0, digits.features().minNumber().doubleValue());
        assertEquals(16.0, digits.features().maxNumber().doubleValue());
        INDArray images = digits.images();
        assertArrayEquals(new long[] {1797, 1, 8, 8}, images.shape());
        assertEquals(5f, images.getFloat(0, 0, 0, 2));
        assertEquals(13f, images.getFloat(0, 0, 1, 2));
        assertEquals(0, digits.labelIndices()[0]);
        assertArrayEquals(new int[] {1, 8, 8}, digits.imageShape());
    }

    @Test
    void mnistTrainAndTest() {
        LabelledData train = Datasets.mnistTrain();
        LabelledData test = Datasets.mnistTest();
        assertEquals(8000, train.size());
        assertEquals(2000, test.size());
        assertEquals(784, train.numFeatures());
        assertEquals(List.of(801, 902, 793, 826, 784, 690, 811, 856, 755, 782), List.copyOf(train.classCounts().values()));
        assertEquals(List.of(200, 225, 198, 206, 196, 173, 203, 214, 189, 196), List.copyOf(test.classCounts().values()));
        assertArrayEquals(new int[] {0, 2, 7, 2, 3}, java.util.Arrays.copyOf(train.labelIndices(), 5));
        assertArrayEquals(new int[] {0, 6, 0, 0, 9}, java.util.Arrays.copyOf(test.labelIndices(), 5));
        // first training image: 256 non-zero pixels summing to 50284 / 255, brightest 255
        float[] first = row(train, 0);
        double sum = 0;
        int nonZero = 0;
        for (float v : first) {
            sum += v;
            nonZero += v > 0 ? 1 : 0;
        }
        assertEquals(50284 / 255.0, sum, 1e-3);
        assertEquals(256, nonZero);
        assertEquals(0.0, train.features().minNumber().doubleValue());
        assertEquals(1.0, train.features().maxNumber().doubleValue());
        assertArrayEquals(new long[] {2000, 1, 28, 28}, test.images().shape());
        assertArrayEquals(new int[] {1, 28, 28}, test.imageShape());
    }

    @Test
    void sentiment() {
        Sentences sentences = Datasets.sentiment();
        assertEquals(3000, sentences.size());
        assertEquals(Map.of("negative", 1500, "positive", 1500), sentences.classCounts());
        assertEquals(List.of("amazon", "imdb", "yelp"), sentences.sources());
        for (String source : sentences.sources()) {
            assertEquals(Map.of("negative", 500, "positive", 500), sentences.source(source).classCounts());
        }
        Sentences.Sentence first = sentences.rows().get(0);
        assertEquals(new Sentences.Sentence("amazon", "negative",
                "So there is no way for me to plug it in here in the US unless I go by a converter."), first);
        assertEquals("Good case, Excellent value.", sentences.texts().get(1));
        assertEquals(3000, sentences.table().rowCount());
        assertEquals("yelp", sentences.table().stringColumn("source").get(2999));
    }

    @Test
    void afinn() {
        Map<String, Integer> afinn = Datasets.afinn();
        assertEquals(3382, afinn.size());
        assertEquals(-2, afinn.get("abandon"));
        assertEquals(3, afinn.get("good"));
        assertEquals(-3, afinn.get("can't stand"));
        assertTrue(afinn.values().stream().allMatch(v -> v >= -5 && v <= 5));
        assertEquals(java.util.Set.of("kind of", "some kind"), afinn.entrySet().stream()
                .filter(e -> e.getValue() == 0).map(Map.Entry::getKey).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void mobyDick() {
        String text = Datasets.mobyDick();
        assertEquals(1_190_317, text.length());
        assertTrue(text.startsWith("CHAPTER 1. Loomings.\n\nCall me Ishmael."));
        assertEquals(83, text.chars().distinct().count());
    }
}
