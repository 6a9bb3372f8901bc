/**
 * Chapter package (notebooks 01, 02, 08 and 09a): the economics of large models: published API prices, their exponential decay, and calculators for what a model
 * costs to train and to serve.
 *
 * <pre>{@code
 * ApiPrices prices = ApiPrices.load();                        // data/llm-api-prices.csv, checksum-verified
 * DecayFit fit = ExponentialDecay.fit(prices.paid().years(), prices.paid().inputUsd());
 * fit.lambda();  fit.halvingTimeYears();  fit.lambdaInterval(0.95);
 * List<FrontierStep> frontier = prices.cheapestWithMmluAtLeast(80, PriceRecord::inputUsdPerMTok);
 * }</pre>
 */
package org.dlnotes.economics;
