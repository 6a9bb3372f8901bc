package org.dlnotes.notebook;

import java.util.Objects;

import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw table as a notebook HTML fragment: a caption with its name and size, the header, and for long tables
 * the first and last rows around an ellipsis row, as {@link Table#print()} does in text. Written here because
 * Tablesaw's {@code HtmlWriter} always writes every row and no caption.
 */
public final class HtmlTable {

    /** Tables with more rows than this show their head and tail only. */
    public static final int MAX_ROWS = 20;

    private HtmlTable() {
    }

    /** The table as an HTML {@code <table>} fragment with escaped cell text. */
    public static String of(Table table) {
        Objects.requireNonNull(table, "table");
        StringBuilder html = new StringBuilder(256);
        int rows = table.rowCount();
        html.append("<table class=\"dlnotes-table\">\n<caption>")
                .append(escape(table.name() == null ? "" : table.name()))
                .append(" <small>(").append(rows).append(rows == 1 ? " row" : " rows").append(" × ")
                .append(table.columnCount()).append(table.columnCount() == 1 ? " column" : " columns")
                .append(")</small></caption>\n<thead><tr>");
        for (Column<?> c : table.columns()) {
            html.append("<th>").append(escape(c.name())).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        int head = rows > MAX_ROWS ? MAX_ROWS / 2 : rows;
        appendRows(html, table, 0, head);
        if (rows > MAX_ROWS) {
            html.append("<tr><td colspan=\"").append(table.columnCount()).append("\">…</td></tr>\n");
            appendRows(html, table, rows - MAX_ROWS / 2, rows);
        }
        return html.append("</tbody>\n</table>").toString();
    }

    private static void appendRows(StringBuilder html, Table table, int from, int to) {
        for (int r = from; r < to; r++) {
            html.append("<tr>");
            for (Column<?> c : table.columns()) {
                html.append("<td>").append(escape(c.getString(r))).append("</td>");
            }
            html.append("</tr>\n");
        }
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
