package org.dlnotes.charts;

import java.util.Objects;

import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Reads Tablesaw columns for the chart helpers, with errors that list the table's columns. */
final class Columns {

    private Columns() {
    }

    static Column<?> column(Table table, String name) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(name, "column");
        if (!table.containsColumn(name)) {
            throw new IllegalArgumentException("column must be one of " + table.columnNames() + ", but is '" + name
                    + "'");
        }
        return table.column(name);
    }

    static double[] doubles(Table table, String name) {
        Column<?> c = column(table, name);
        if (!(c instanceof NumericColumn<?> n)) {
            throw new IllegalArgumentException("column '" + name + "' must be numeric, but is " + c.type());
        }
        return n.asDoubleArray();
    }

    static String[] strings(Table table, String name) {
        Column<?> c = column(table, name);
        String[] s = new String[c.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = c.getString(i);
        }
        return s;
    }
}
