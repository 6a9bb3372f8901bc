package org.dlnotes.economics;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A point where the cheapest model reaching a capability level changed: from {@code date} on, {@code model} was the
 * cheapest published offer with an MMLU score of at least the level.
 *
 * @param date date of the offer
 * @param vendor its vendor
 * @param model its model
 * @param priceUsdPerMTok its price per million tokens, in the measure the frontier was built with
 * @param mmlu its MMLU score
 */
public record FrontierStep(LocalDate date, String vendor, String model, double priceUsdPerMTok, double mmlu) {

    /** The steps of the frontier at MMLU ≥ {@code level} as a table: date, model, mmlu, input_usd. */
    public static Table table(double level, List<FrontierStep> steps) {
        Objects.requireNonNull(steps, "steps");
        return Table.create("cheapest offer with MMLU ≥ " + level).addColumns(
                StringColumn.create("date", steps.stream().map(s -> s.date().toString()).toList()),
                StringColumn.create("model", steps.stream().map(FrontierStep::model).toList()),
                DoubleColumn.create("mmlu", steps.stream().mapToDouble(FrontierStep::mmlu).toArray()),
                DoubleColumn.create("input_usd", steps.stream().mapToDouble(FrontierStep::priceUsdPerMTok).toArray()));
    }
}
