package org.dlnotes.charts;

import java.util.Objects;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/** Display settings for Tablesaw tables in a notebook; they change how values print, never the values. */
public final class Tables {

    private Tables() {
    }

    /**
     * Prints every decimal column of {@code table} with {@code places} digits after the point (and thousands
     * grouping); returns the same table, so a cell can end with {@code Tables.decimals(table, 4)}.
     *
     * @throws IllegalArgumentException if {@code places} is negative
     */
    public static Table decimals(Table table, int places) {
        Objects.requireNonNull(table, "table");
        if (places < 0) {
            throw new IllegalArgumentException("places must be 0 or more, but is " + places);
        }
        for (var column : table.columns()) {
            if (column instanceof DoubleColumn d) {
                d.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(places));
            }
        }
        return table;
    }
}
