package org.dlnotes.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

class TablesTest {

    @Test
    void decimalsChangesHowDoublesPrintNotTheirValues() {
        Table t = Table.create("t", DoubleColumn.create("x", 1234.56789, 0.1), IntColumn.create("n", 7, 8));
        assertSame(t, Tables.decimals(t, 2));
        assertEquals("1,234.57", t.doubleColumn("x").getString(0));
        assertEquals("0.10", t.doubleColumn("x").getString(1));
        assertEquals(1234.56789, t.doubleColumn("x").get(0), 0);
        assertEquals("7", t.intColumn("n").getString(0));
        assertTrue(t.print().contains("1,234.57"));
    }

    @Test
    void negativePlacesAreRefused() {
        Table t = Table.create("t", DoubleColumn.create("x", 1.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tables.decimals(t, -1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }
}
