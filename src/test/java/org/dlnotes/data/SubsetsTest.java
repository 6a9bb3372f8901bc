package org.dlnotes.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SubsetsTest {

    @Test
    void classesAreRelabelledInTheGivenOrderAndImagesStayImages() {
        LabelledData digits = Datasets.digits();
        LabelledData sevensAndOnes = Subsets.classes(digits, "7", "1");
        assertEquals(List.of("7", "1"), sevensAndOnes.classes());
        assertEquals(digits.classCounts().get("7"), sevensAndOnes.classCounts().get("7"));
        assertEquals(digits.classCounts().get("1"), sevensAndOnes.classCounts().get("1"));
        assertArrayEquals(new int[] {1, 8, 8}, sevensAndOnes.imageShape());
        // the first row of the subset is the first 7 or 1 of the original, with its pixels
        int[] labels = digits.labelIndices();
        int first = 0;
        while (labels[first] != 7 && labels[first] != 1) {
            first++;
        }
        assertEquals(digits.features().getRow(first), sevensAndOnes.features().getRow(0));
        assertEquals(labels[first] == 7 ? 0 : 1, sevensAndOnes.labelIndices()[0]);
    }

    @Test
    void rowsKeepOrderAndRepeats() {
        LabelledData iris = Datasets.iris();
        LabelledData picked = Subsets.rows(iris, new int[] {149, 0, 0});
        assertArrayEquals(new int[] {2, 0, 0}, picked.labelIndices());
        assertEquals(iris.features().getRow(149), picked.features().getRow(0));
    }

    @Test
    void badRequestsFailClearly() {
        LabelledData iris = Datasets.iris();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Subsets.classes(iris, "setosa", "rose"));
        assertTrue(e.getMessage().contains("'rose'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Subsets.classes(iris, "setosa"));
        assertThrows(IllegalArgumentException.class, () -> Subsets.classes(iris, "setosa", "setosa"));
        e = assertThrows(IllegalArgumentException.class, () -> Subsets.rows(iris, new int[] {150}));
        assertTrue(e.getMessage().contains("150"), e.getMessage());
    }
}
