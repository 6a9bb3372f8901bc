package org.dlnotes.economics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.dlnotes.data.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tech.tablesaw.api.Table;

class ApiPricesTest {

    private static final String HEADER = String.join(",", ApiPrices.HEADER);
    private static final String GOOD_USD = "2023-03-14,OpenAI,GPT-4,30,60,USD,30,60,,,86.4,https://a.example/tr,"
            + "https://a.example/price,2023-12-28,note";
    private static final String GOOD_CNY = "2024-05-06,DeepSeek,DeepSeek-V2,0.138261,0.276522,CNY,1,2,7.2327,"
            + "https://fx.example,,,https://b.example/price,,\"1 CNY, 2 CNY\"";

    @TempDir
    Path dir;

    private Path write(String... lines) throws IOException {
        Path file = dir.resolve("prices.csv");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    @Test
    void shippedFileLoadsWithSourcesAndConsistentConversions() {
        ApiPrices prices = ApiPrices.load();
        assertTrue(prices.size() >= 20, "rows: " + prices.size());
        for (PriceRecord p : prices.records()) {
            assertTrue(p.sourceUrl().startsWith("http"), p.model());
            if (p.currency().equals("CNY")) {
                assertEquals(p.inputPerMTok() / p.cnyPerUsd(), p.inputUsdPerMTok(), 1e-6, p.model());
            }
        }
        PriceRecord gpt4 = prices.records().stream().filter(p -> p.model().startsWith("GPT-4 (8K")).findFirst()
                .orElseThrow();
        assertEquals(30, gpt4.inputUsdPerMTok());
        assertEquals(60, gpt4.outputUsdPerMTok());
        assertEquals(86.4, gpt4.mmlu());
        Table table = prices.table();
        assertEquals(prices.size(), table.rowCount());
        assertTrue(prices.records().stream().anyMatch(PriceRecord::isFree));
        assertFalse(prices.paid().records().stream().anyMatch(PriceRecord::isFree));
    }

    @Test
    void parsesBothCurrenciesAndQuotedNotes() throws IOException {
        ApiPrices prices = ApiPrices.load(write(HEADER, GOOD_USD, GOOD_CNY));
        assertEquals(2, prices.size());
        PriceRecord v2 = prices.records().get(1);
        assertEquals("1 CNY, 2 CNY", v2.note());
        assertEquals(LocalDate.of(2024, 5, 6), v2.date());
        assertFalse(v2.hasMmlu());
        assertEquals(0.75 * 0.138261 + 0.25 * 0.276522, v2.blendedUsdPerMTok(0.75), 1e-12);
    }

    @Test
    void badRowsNameTheLineAndColumn() throws IOException {
        assertMessage("line 3, column 'date'", GOOD_USD, GOOD_CNY.replace("2024-05-06", "6 May 2024"));
        assertMessage("line 2, column 'input_usd_per_mtok'", GOOD_USD.replace(",30,60,USD", ",-30,60,USD"));
        assertMessage("line 2, column 'input_usd_per_mtok'", GOOD_USD.replace(",30,60,USD,30", ",31,60,USD,30"));
        assertMessage("line 3, column 'output_usd_per_mtok'", GOOD_USD,
                GOOD_CNY.replace("0.276522", "0.28"));
        assertMessage("column 'currency'", GOOD_USD.replace("USD", "EUR"));
        assertMessage("column 'source_url'", GOOD_USD.replace("https://a.example/price", "a blog"));
        assertMessage("column 'mmlu_source'", GOOD_USD.replace("https://a.example/tr", ""));
        assertMessage("column 'mmlu'", GOOD_USD.replace("86.4", "186.4"));
        assertMessage("listed twice", GOOD_USD, GOOD_USD);
        assertMessage("column 'fx_source'", GOOD_CNY.replace("https://fx.example", ""));
        DataException header = assertThrows(DataException.class,
                () -> ApiPrices.load(write(HEADER.replace("vendor", "company"), GOOD_USD)));
        assertTrue(header.getMessage().contains("line 1"), header.getMessage());
    }

    private void assertMessage(String expected, String... rows) throws IOException {
        String[] lines = new String[rows.length + 1];
        lines[0] = HEADER;
        System.arraycopy(rows, 0, lines, 1, rows.length);
        Path file = write(lines);
        DataException e = assertThrows(DataException.class, () -> ApiPrices.load(file));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void frontierStepsDownOnlyWhenAnOfferUndercutsTheBestEarlierOne() {
        PriceRecord a = record("2023-01-01", "A", 30, 86);
        PriceRecord b = record("2023-06-01", "B", 40, 90);    // more capable but dearer: no step
        PriceRecord c = record("2024-01-01", "C", 5, 88);
        PriceRecord d = record("2024-02-01", "D", 1, 70);     // cheap but below the level
        List<FrontierStep> steps = ApiPrices.of(List.of(d, c, b, a))
                .cheapestWithMmluAtLeast(85, PriceRecord::inputUsdPerMTok);
        assertEquals(List.of("A", "C"), steps.stream().map(FrontierStep::model).toList());
        assertEquals(5, steps.get(1).priceUsdPerMTok());
        assertThrows(IllegalArgumentException.class,
                () -> ApiPrices.of(List.of(a)).cheapestWithMmluAtLeast(95, PriceRecord::inputUsdPerMTok));
    }

    private static PriceRecord record(String date, String model, double input, double mmlu) {
        return new PriceRecord(LocalDate.parse(date), "V", model, input, 2 * input, "USD", input, 2 * input,
                Double.NaN, "", mmlu, "https://s.example", "https://p.example", null, "");
    }
}
