package org.dlnotes.economics;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One published API price of a large language model, as a row of {@code data/llm-api-prices.csv}.
 *
 * @param date date from which the price applied (or the date its source shows it)
 * @param vendor who sells the model, e.g. {@code OpenAI}
 * @param model model name as published
 * @param inputUsdPerMTok US dollars per million input (prompt) tokens
 * @param outputUsdPerMTok US dollars per million output tokens; {@code NaN} where the source gives none
 * @param currency currency of the published price, {@code USD} or {@code CNY}
 * @param inputPerMTok published input price per million tokens in {@code currency}
 * @param outputPerMTok published output price per million tokens in {@code currency}; {@code NaN} if not published
 * @param cnyPerUsd exchange rate used for a CNY price (yuan per dollar); {@code NaN} for USD prices
 * @param fxSource address of the exchange rate's source; empty for USD prices
 * @param mmlu MMLU score in percent where one is published for this model; {@code NaN} otherwise
 * @param mmluSource address of the MMLU score's source; empty when there is no score
 * @param sourceUrl address of the page that states the price
 * @param sourceDate publication date of that page where it shows one; {@code null} otherwise
 * @param note what exactly the source says, and any conversion made
 */
public record PriceRecord(LocalDate date, String vendor, String model, double inputUsdPerMTok, double outputUsdPerMTok,
        String currency, double inputPerMTok, double outputPerMTok, double cnyPerUsd, String fxSource, double mmlu,
        String mmluSource, String sourceUrl, LocalDate sourceDate, String note) {

    /** Checks that the required fields are present. */
    public PriceRecord {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(sourceUrl, "sourceUrl");
        fxSource = fxSource == null ? "" : fxSource;
        mmluSource = mmluSource == null ? "" : mmluSource;
        note = note == null ? "" : note;
    }

    /** Whether the source states an output price. */
    public boolean hasOutputPrice() {
        return !Double.isNaN(outputUsdPerMTok);
    }

    /** Whether a capability (MMLU) score is published for this model. */
    public boolean hasMmlu() {
        return !Double.isNaN(mmlu);
    }

    /** Whether the model is offered free of charge (input price zero). */
    public boolean isFree() {
        return inputUsdPerMTok == 0;
    }

    /**
     * The blended price per million tokens for a workload with {@code inputShare} of its tokens as input:
     * {@code inputShare·input + (1−inputShare)·output}. A 3:1 input:output mix is {@code 0.75}.
     *
     * @throws IllegalArgumentException if {@code inputShare} is outside [0, 1]
     * @throws IllegalStateException if the output price is unknown and {@code inputShare < 1}
     */
    public double blendedUsdPerMTok(double inputShare) {
        if (!(inputShare >= 0 && inputShare <= 1)) {
            throw new IllegalArgumentException("inputShare must be in [0, 1], but is " + inputShare);
        }
        if (inputShare == 1) {
            return inputUsdPerMTok;
        }
        if (!hasOutputPrice()) {
            throw new IllegalStateException(model + " (" + date + ") has no published output price; filter with "
                    + "hasOutputPrice() or use inputShare = 1.");
        }
        return inputShare * inputUsdPerMTok + (1 - inputShare) * outputUsdPerMTok;
    }

    /** Years since {@code origin} (days / 365.25), the time axis of {@link ExponentialDecay}. */
    public double yearsSince(LocalDate origin) {
        return Years.between(origin, date);
    }
}
