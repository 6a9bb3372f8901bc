package org.dlnotes.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.AddCellToColumnException;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * One-call loaders for the datasets shipped in {@code data/} (see {@code data/README.md} for provenance and
 * licences). Every load finds the folder with {@link DataFolder#locate()} and verifies the file's SHA-256 first.
 *
 * <pre>{@code
 * LabelledData iris = Datasets.iris();
 * Table table = iris.table();
 * DataSet all = iris.toDataSet();
 * }</pre>
 */
public final class Datasets {

    /** A feature cell: optional sign, digits with an optional point (or a point and digits), optional exponent. */
    private static final Pattern PLAIN_NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private Datasets() {
    }

    /** Iris: 150 rows, 4 measurements in cm, classes setosa / versicolor / virginica (50 each). */
    public static LabelledData iris() {
        return shipped("iris.csv", "species", List.of("setosa", "versicolor", "virginica"));
    }

    /** Breast cancer Wisconsin (diagnostic): 569 rows, 30 features, classes malignant (212) / benign (357). */
    public static LabelledData breastCancer() {
        return shipped("breast-cancer.csv", "diagnosis", List.of("malignant", "benign"));
    }

    /** Wine: 178 rows, 13 chemical measurements, classes class_0 / class_1 / class_2 (59, 71, 48). */
    public static LabelledData wine() {
        return shipped("wine.csv", "cultivar", List.of("class_0", "class_1", "class_2"));
    }

    /** Digits: 1,797 images of 8×8 pixels with values 0..16, classes "0".."9"; {@link LabelledData#images()} works. */
    public static LabelledData digits() {
        LabelledData flat = shipped("digits.csv.gz", "digit", List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
        return LabelledData.of(flat.name(), flat.features(), flat.labelIndices(), flat.classes(), flat.featureNames(),
                new int[] {1, 8, 8});
    }

    /** MNIST training part: 8,000 images 28×28, pixels scaled to [0, 1] (byte / 255), classes "0".."9". */
    public static LabelledData mnistTrain() {
        return mnist("train");
    }

    /** MNIST test part: 2,000 images 28×28, pixels scaled to [0, 1], disjoint from {@link #mnistTrain()}. */
    public static LabelledData mnistTest() {
        return mnist("test");
    }

    /** 3,000 sentences from Amazon, IMDB and Yelp reviews, 500 negative and 500 positive per source. */
    public static Sentences sentiment() {
        return sentiment(DataFolder.locate().file("sentiment.tsv"));
    }

    /** Sentences from a TSV with the header {@code source\tlabel\ttext}. */
    static Sentences sentiment(Path file) {
        List<Sentences.Sentence> rows = new ArrayList<>();
        List<String> lines = tsvLines(file, "source\tlabel\ttext", 3);
        for (int i = 0; i < lines.size(); i++) {
            String[] cells = lines.get(i).split("\t", -1);
            try {
                rows.add(new Sentences.Sentence(cells[0], cells[1], cells[2]));
            } catch (IllegalArgumentException e) {
                throw new DataException(file + " line " + (i + 2) + ": " + e.getMessage(), e);
            }
        }
        return Sentences.of(rows);
    }

    /** The AFINN-165 lexicon: word (lower case, may contain spaces) → valence score in -5..5, 3,382 entries. */
    public static Map<String, Integer> afinn() {
        return afinn(DataFolder.locate().file("afinn-165.tsv"));
    }

    /** A lexicon from a TSV with the header {@code word\tscore}; a word may appear only once. */
    static Map<String, Integer> afinn(Path file) {
        Map<String, Integer> lexicon = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        List<String> lines = tsvLines(file, "word\tscore", 2);
        for (int i = 0; i < lines.size(); i++) {
            String[] cells = lines.get(i).split("\t", -1);
            Integer first = lineOf.putIfAbsent(cells[0], i + 2);
            if (first != null) {
                throw new DataException(file + " lines " + first + " and " + (i + 2) + ": the word '" + cells[0]
                        + "' appears twice; keep one line (one score) per word.");
            }
            try {
                lexicon.put(cells[0], Integer.parseInt(cells[1]));
            } catch (NumberFormatException e) {
                throw new DataException(file + " line " + (i + 2) + ", column score: '" + cells[1]
                        + "' is not an integer.", e);
            }
        }
        return Map.copyOf(lexicon);
    }

    /** The full text of Herman Melville's Moby Dick (public domain), as one string with {@code \n} line ends. */
    public static String mobyDick() {
        try {
            return Files.readString(DataFolder.locate().file("moby-dick.txt"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads a classification CSV (plain or {@code .gz}) with a header of distinct names: every column but
     * {@code labelColumn} must hold plain decimal numbers (optional sign, digits, optional point and exponent, such as
     * {@code -1.5e-3}) within the float range, every label one of {@code classes}. Percent signs, thousands separators,
     * {@code NaN} and {@code Infinity} are refused rather than guessed at. Split into cells by Tablesaw.
     *
     * @throws DataException naming the file, line and column of a ragged row, a missing value, a value that is not
     *     a plain finite number, or an unknown label; or if a column name repeats, the label column is absent or the
     *     file has no rows
     */
    public static LabelledData csv(Path file, String labelColumn, List<String> classes) {
        if (!Files.isRegularFile(file)) {
            throw new DataException("CSV file " + file + " does not exist.");
        }
        String name = file.getFileName().toString().replaceFirst("\\.csv(\\.gz)?$", "");
        List<String> header = header(file);
        if (!header.contains(labelColumn)) {
            throw new DataException(file + " has no label column '" + labelColumn + "'; its columns are " + header
                    + ".");
        }
        Table table;
        try (InputStream in = open(file)) {
            table = Table.read().usingOptions(CsvReadOptions.builder(in).tableName(name)
                    .columnTypes(column -> ColumnType.STRING).missingValueIndicator(""));
        } catch (AddCellToColumnException e) {
            throw new DataException(file + " line " + (e.getRowNumber() + 1) + ", column '" + e.getColumnName() + "': "
                    + rootMessage(e) + ". Every row needs " + e.getColumnNames().size()
                    + " cells and every feature must be a number.", e);
        } catch (IllegalArgumentException e) {
            throw new DataException(file + ": " + e.getMessage() + " (a ragged row; line = row number + 1).", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        if (table.rowCount() == 0) {
            throw new DataException(file + " has a header but no rows.");
        }
        List<String> featureNames = new ArrayList<>(table.columnNames());
        featureNames.remove(labelColumn);
        INDArray features = Nd4j.create(DataType.FLOAT, table.rowCount(), featureNames.size());
        for (int f = 0; f < featureNames.size(); f++) {
            StringColumn column = table.stringColumn(featureNames.get(f));
            for (int r = 0; r < table.rowCount(); r++) {
                features.putScalar(r, f, number(file, r + 2, featureNames.get(f), column.get(r)));
            }
        }
        StringColumn labelCells = table.stringColumn(labelColumn);
        int[] labels = new int[table.rowCount()];
        for (int r = 0; r < labels.length; r++) {
            labels[r] = classes.indexOf(labelCells.get(r));
            if (labels[r] < 0) {
                throw new DataException(file + " line " + (r + 2) + ", column '" + labelColumn + "': unknown label '"
                        + labelCells.get(r) + "'; expected one of " + classes + ".");
            }
        }
        return LabelledData.of(name, features, labels, classes, featureNames);
    }

    /** A feature cell as a finite float, or a DataException naming file, line and column. */
    private static float number(Path file, int line, String column, String cell) {
        String where = file + " line " + line + ", column '" + column + "': ";
        if (cell.isEmpty()) {
            throw new DataException(where + "the value is missing; fill it in or drop the row.");
        }
        if (!PLAIN_NUMBER.matcher(cell).matches()) {
            throw new DataException(where + "'" + cell + "' is not a plain decimal number (such as 3, -0.25 or 1.5e-3;"
                    + " no percent signs, thousands separators, NaN or Infinity). Every feature must be a number.");
        }
        float value = (float) Double.parseDouble(cell);
        if (!Float.isFinite(value)) {
            throw new DataException(where + "'" + cell + "' is outside the float range (±3.4e38).");
        }
        return value;
    }

    private static LabelledData shipped(String file, String labelColumn, List<String> classes) {
        return csv(DataFolder.locate().file(file), labelColumn, classes);
    }

    private static LabelledData mnist(String part) {
        DataFolder folder = DataFolder.locate();
        Path imageFile = folder.file("mnist-" + part + "-images-idx3-ubyte.gz");
        Path labelFile = folder.file("mnist-" + part + "-labels-idx1-ubyte.gz");
        Idx images = Idx.read(imageFile);
        Idx labels = Idx.read(labelFile);
        if (images.shape().length != 3 || labels.shape().length != 1 || images.count() != labels.count()) {
            throw new DataException("MNIST " + part + ": images " + Arrays.toString(images.shape())
                    + " and labels " + Arrays.toString(labels.shape()) + " do not match; restore them with "
                    + "'git checkout -- data/' or 'data/build.sh'.");
        }
        int h = images.shape()[1], w = images.shape()[2];
        float[] pixels = new float[images.values().length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = images.values()[i] / 255f;
        }
        List<String> names = new ArrayList<>();
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                names.add("pixel_" + r + "_" + c);
            }
        }
        return LabelledData.of("mnist-" + part, Nd4j.create(pixels, new long[] {images.count(), (long) h * w},
                DataType.FLOAT), labels.values(), List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), names,
                new int[] {1, h, w});
    }

    /**
     * The data lines of a tab-separated file after checking its header and cell count. The shipped TSVs have no
     * quoting (the build guarantees that no text holds a tab or newline), so a CSV parser's quote handling would
     * only get in the way of texts that start with a quote.
     */
    private static List<String> tsvLines(Path file, String header, int cells) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(header)) {
            throw new DataException(file + " line 1 must be the header '" + header.replace("\t", "\\t") + "'.");
        }
        if (lines.size() == 1) {
            throw new DataException(file + " has a header but no rows.");
        }
        for (int i = 1; i < lines.size(); i++) {
            int found = lines.get(i).split("\t", -1).length;
            if (found != cells) {
                throw new DataException(file + " line " + (i + 1) + " has " + found + " tab-separated cells, expected "
                        + cells + ".");
            }
        }
        return lines.subList(1, lines.size());
    }

    /** The column names of a CSV file's first line (quotes around a name removed). */
    private static List<String> header(Path file) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8))) {
            String line = reader.readLine();
            if (line == null || line.isBlank()) {
                throw new DataException(file + " is empty; it needs a header line and at least one row.");
            }
            List<String> names = Arrays.stream(line.split(",", -1)).map(c -> c.strip().replaceAll("^\"|\"$", ""))
                    .toList();
            for (int i = 0; i < names.size(); i++) {
                int first = names.indexOf(names.get(i));
                if (first < i) {
                    throw new DataException(file + " line 1: the column name '" + names.get(i) + "' appears twice "
                            + "(columns " + (first + 1) + " and " + (i + 1) + "); give every column its own name.");
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
