package org.dlnotes.economics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

import org.dlnotes.data.DataException;
import org.dlnotes.data.DataFolder;

import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * Published API prices of large language models over time, from the hand-curated {@code data/llm-api-prices.csv}
 * (every row with the address of its source; see {@code data/README.md}). Rows are sorted by date.
 *
 * <pre>{@code
 * ApiPrices prices = ApiPrices.load();
 * Table t = prices.table();                                  // date, year, vendor, model, USD prices, MMLU, source
 * ApiPrices paid = prices.paid();                            // without free offers (no logarithm of 0)
 * DecayFit fit = ExponentialDecay.fit(paid.years(prices.origin()), paid.inputUsd());
 * }</pre>
 */
public final class ApiPrices {

    /** File name in {@code data/}. */
    public static final String FILE = "llm-api-prices.csv";

    /** The header the file must have, in this order. */
    public static final List<String> HEADER = List.of("date", "vendor", "model", "input_usd_per_mtok",
            "output_usd_per_mtok", "currency", "input_per_mtok", "output_per_mtok", "cny_per_usd", "fx_source", "mmlu",
            "mmlu_source", "source_url", "source_date", "note");

    /** Largest allowed difference between a stored USD price and the published price converted (USD 6 decimals). */
    private static final double CONVERSION_TOLERANCE = 5.01e-7;

    private final List<PriceRecord> records;

    private ApiPrices(List<PriceRecord> records) {
        List<PriceRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparing(PriceRecord::date).thenComparing(PriceRecord::vendor)
                .thenComparing(PriceRecord::model));
        this.records = List.copyOf(sorted);
    }

    /** The shipped file, located with {@link DataFolder#locate()} and verified against {@code SHA256SUMS}. */
    public static ApiPrices load() {
        return load(DataFolder.locate().file(FILE));
    }

    /**
     * Reads and validates a price file.
     *
     * @throws DataException naming the file, line and column of the first bad cell: wrong header, a date that is not
     *     ISO {@code yyyy-mm-dd}, an empty vendor or model, a negative or non-numeric price, an unknown currency, a
     *     USD price that does not match the published price and exchange rate, an MMLU score outside 0..100 or
     *     without a source, a source that is not an http(s) address, or a model listed twice for one date
     */
    public static ApiPrices load(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new DataException("Price file " + file + " does not exist.");
        }
        List<String> header = header(file);
        if (!header.equals(HEADER)) {
            throw new DataException(file + " line 1: the header must be " + String.join(",", HEADER) + " but is "
                    + String.join(",", header) + ".");
        }
        Table raw;
        try {
            raw = Table.read().usingOptions(CsvReadOptions.builder(file.toFile()).columnTypes(c -> ColumnType.STRING)
                    .maxCharsPerColumn(4096));
        } catch (RuntimeException e) {
            throw new DataException(file + ": cannot be read as CSV (" + e.getMessage()
                    + "); check for a row with the wrong number of cells or an unclosed quote.", e);
        }
        List<PriceRecord> rows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int r = 0; r < raw.rowCount(); r++) {
            Row row = new Row(file, raw, r);
            PriceRecord record = row.parse();
            if (!seen.add(record.date() + "|" + record.model())) {
                throw new DataException(row.where("model") + ": '" + record.model() + "' is listed twice for "
                        + record.date() + "; keep one row per model and date.");
            }
            rows.add(record);
        }
        if (rows.isEmpty()) {
            throw new DataException(file + " has a header but no rows.");
        }
        return new ApiPrices(rows);
    }

    /** A price list of the given records (validated as the file loader does for required fields). */
    public static ApiPrices of(List<PriceRecord> records) {
        Objects.requireNonNull(records, "records");
        if (records.isEmpty()) {
            throw new IllegalArgumentException("records must not be empty");
        }
        return new ApiPrices(records);
    }

    /** All rows, by date. */
    public List<PriceRecord> records() {
        return records;
    }

    /** Number of rows. */
    public int size() {
        return records.size();
    }

    /** Date of the earliest row. */
    public LocalDate origin() {
        return records.get(0).date();
    }

    /** The rows that satisfy {@code keep}. */
    public ApiPrices filter(Predicate<PriceRecord> keep) {
        List<PriceRecord> kept = records.stream().filter(keep).toList();
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("the filter keeps no row of " + size());
        }
        return new ApiPrices(kept);
    }

    /** The rows with an input price above zero (free offers removed: a log-linear fit cannot take them). */
    public ApiPrices paid() {
        return filter(p -> p.inputUsdPerMTok() > 0);
    }

    /** Years from {@code origin} to each row's date. */
    public double[] years(LocalDate origin) {
        return records.stream().mapToDouble(p -> p.yearsSince(origin)).toArray();
    }

    /** Input prices in USD per million tokens. */
    public double[] inputUsd() {
        return records.stream().mapToDouble(PriceRecord::inputUsdPerMTok).toArray();
    }

    /**
     * The cheapest offer over time among models with a published MMLU score of at least {@code minMmlu}: a step each
     * time a newly published offer undercuts the best earlier one. The price of a fixed capability level over time.
     *
     * @param price the price measure, e.g. {@code PriceRecord::inputUsdPerMTok} or {@code p -> p.blendedUsdPerMTok(0.75)}
     * @throws IllegalArgumentException if {@code minMmlu} is outside 0..100 or no row reaches it
     */
    public List<FrontierStep> cheapestWithMmluAtLeast(double minMmlu, ToDoubleFunction<PriceRecord> price) {
        if (!(minMmlu >= 0 && minMmlu <= 100)) {
            throw new IllegalArgumentException("minMmlu must be a percentage in [0, 100], but is " + minMmlu);
        }
        Objects.requireNonNull(price, "price");
        List<FrontierStep> steps = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        for (PriceRecord p : records) {
            if (p.hasMmlu() && p.mmlu() >= minMmlu) {
                double value = price.applyAsDouble(p);
                if (value < best) {
                    best = value;
                    steps.add(new FrontierStep(p.date(), p.vendor(), p.model(), value, p.mmlu()));
                }
            }
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("no model has a published MMLU score >= " + minMmlu + "; the highest is "
                    + records.stream().filter(PriceRecord::hasMmlu).mapToDouble(PriceRecord::mmlu).max().orElse(
                            Double.NaN));
        }
        return List.copyOf(steps);
    }

    /**
     * The rows as a Tablesaw table: {@code date}, {@code year}, {@code vendor}, {@code model}, {@code input_usd},
     * {@code output_usd} (missing where unpublished), {@code currency}, {@code mmlu} (missing where unpublished),
     * {@code source_url}.
     */
    public Table table() {
        DateColumn date = DateColumn.create("date");
        IntColumn year = IntColumn.create("year");
        StringColumn vendor = StringColumn.create("vendor");
        StringColumn model = StringColumn.create("model");
        DoubleColumn input = DoubleColumn.create("input_usd");
        DoubleColumn output = DoubleColumn.create("output_usd");
        StringColumn currency = StringColumn.create("currency");
        DoubleColumn mmlu = DoubleColumn.create("mmlu");
        StringColumn source = StringColumn.create("source_url");
        for (PriceRecord p : records) {
            date.append(p.date());
            year.append(p.date().getYear());
            vendor.append(p.vendor());
            model.append(p.model());
            input.append(p.inputUsdPerMTok());
            output.append(p.outputUsdPerMTok());
            currency.append(p.currency());
            mmlu.append(p.mmlu());
            source.append(p.sourceUrl());
        }
        return Table.create("llm-api-prices", date, year, vendor, model, input, output, currency, mmlu, source);
    }

    @Override
    public String toString() {
        return "ApiPrices[" + size() + " rows, " + origin() + " .. " + records.get(size() - 1).date() + "]";
    }

    private static List<String> header(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                throw new DataException(file + " is empty; it needs the header " + String.join(",", HEADER) + ".");
            }
            return List.of(lines.get(0).split(",", -1));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** One data row with its file and line for messages. */
    private record Row(Path file, Table raw, int index) {

        String where(String column) {
            return file + " line " + (index + 2) + ", column '" + column + "'";
        }

        String cell(String column) {
            String v = raw.stringColumn(column).get(index);
            return v == null ? "" : v.strip();
        }

        String required(String column) {
            String v = cell(column);
            if (v.isEmpty()) {
                throw new DataException(where(column) + ": the value is empty; every row needs a " + column + ".");
            }
            return v;
        }

        LocalDate date(String column, boolean required) {
            String v = required ? required(column) : cell(column);
            if (v.isEmpty()) {
                return null;
            }
            try {
                return LocalDate.parse(v);
            } catch (DateTimeParseException e) {
                throw new DataException(where(column) + ": '" + v + "' is not a date yyyy-mm-dd.", e);
            }
        }

        /** A non-negative number, or NaN if the cell is empty and {@code optional}. */
        double number(String column, boolean optional) {
            String v = optional ? cell(column) : required(column);
            if (v.isEmpty()) {
                return Double.NaN;
            }
            double d;
            try {
                d = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new DataException(where(column) + ": '" + v + "' is not a number.", e);
            }
            if (!Double.isFinite(d) || d < 0) {
                throw new DataException(where(column) + ": " + v + " must be a finite number >= 0.");
            }
            return d;
        }

        String url(String column, boolean required) {
            String v = required ? required(column) : cell(column);
            if (!v.isEmpty() && !(v.startsWith("https://") || v.startsWith("http://"))) {
                throw new DataException(where(column) + ": '" + v + "' is not an http(s) address; cite the page.");
            }
            return v;
        }

        PriceRecord parse() {
            LocalDate date = date("date", true);
            String vendor = required("vendor");
            String model = required("model");
            double inUsd = number("input_usd_per_mtok", false);
            double outUsd = number("output_usd_per_mtok", true);
            String currency = required("currency");
            double in = number("input_per_mtok", false);
            double out = number("output_per_mtok", true);
            if (Double.isNaN(out) != Double.isNaN(outUsd)) {
                throw new DataException(where("output_usd_per_mtok") + ": give the output price in both currencies "
                        + "or in neither (output_per_mtok is '" + cell("output_per_mtok") + "').");
            }
            double rate;
            String fxSource;
            switch (currency) {
                case "USD" -> {
                    rate = Double.NaN;
                    fxSource = "";
                    if (!cell("cny_per_usd").isEmpty()) {
                        throw new DataException(where("cny_per_usd") + ": a USD price needs no exchange rate.");
                    }
                    checkConverted("input_usd_per_mtok", inUsd, in);
                    checkConverted("output_usd_per_mtok", outUsd, out);
                }
                case "CNY" -> {
                    rate = number("cny_per_usd", false);
                    if (!(rate > 0)) {
                        throw new DataException(where("cny_per_usd") + ": the exchange rate must be > 0.");
                    }
                    fxSource = url("fx_source", true);
                    checkConverted("input_usd_per_mtok", inUsd, in / rate);
                    checkConverted("output_usd_per_mtok", outUsd, out / rate);
                }
                default -> throw new DataException(where("currency") + ": '" + currency
                        + "' is not a known currency; use USD or CNY (with cny_per_usd and fx_source).");
            }
            double mmlu = number("mmlu", true);
            if (mmlu > 100) {
                throw new DataException(where("mmlu") + ": " + mmlu + " is not a percentage in 0..100.");
            }
            String mmluSource = url("mmlu_source", false);
            if (Double.isNaN(mmlu) != mmluSource.isEmpty()) {
                throw new DataException(where("mmlu_source") + ": a score needs its source and a source needs its "
                        + "score (mmlu is '" + cell("mmlu") + "').");
            }
            String source = url("source_url", true);
            LocalDate sourceDate = date("source_date", false);
            return new PriceRecord(date, vendor, model, inUsd, outUsd, currency, in, out, rate, fxSource, mmlu,
                    mmluSource, source, sourceDate, cell("note"));
        }

        private void checkConverted(String column, double stored, double expected) {
            if (Double.isNaN(stored) && Double.isNaN(expected)) {
                return;
            }
            if (!(Math.abs(stored - expected) <= CONVERSION_TOLERANCE)) {
                throw new DataException(where(column) + ": " + stored + " does not match the published price converted "
                        + "at the row's rate (" + expected + ").");
            }
        }
    }
}
