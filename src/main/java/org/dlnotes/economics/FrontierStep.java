package org.dlnotes.economics;

import java.time.LocalDate;

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
}
