package org.dlnotes.economics;

import java.util.List;
import java.util.Objects;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A small model of the articles' thesis: a price cut below cost (a price war) against cost falling through innovation.
 * Price and unit cost each decay exponentially from their starting values ({@link Scenario}); demand responds to price
 * with a constant elasticity, volume {@code = (price / referencePrice)^(−ε)}; the gross margin is
 * {@code (price − cost) / price} and the profit rate {@code (price − cost)·volume}.
 *
 * <p>A price below cost only turns into a margin if cost falls faster than price: the break-even time is
 * {@code ln(cost₀ / price₀) / (λ_cost − λ_price)}. All quantities are in units of the starting cost; the model is an
 * illustration of that arithmetic, not a forecast.
 *
 * <pre>{@code
 * Scenario war = Scenario.of("price war", 0.5, 1.0, 0.9, 0.3, 1.0, 1.2);
 * war.breakEvenYears();                        // infinite: cost falls slower than price
 * Table t = PriceWar.simulate(3, 12, List.of(war, innovation));
 * }</pre>
 */
public final class PriceWar {

    private PriceWar() {
    }

    /**
     * One pricing strategy.
     *
     * @param name label
     * @param initialPrice price at t = 0
     * @param initialCost unit cost at t = 0
     * @param priceLambda yearly decay rate of the price
     * @param costLambda yearly decay rate of the unit cost (innovation, scale)
     * @param elasticity price elasticity of demand ε ≥ 0
     * @param referencePrice price at which volume is 1
     */
    public record Scenario(String name, double initialPrice, double initialCost, double priceLambda,
            double costLambda, double elasticity, double referencePrice) {

        /** Checks the parameters. */
        public Scenario {
            Objects.requireNonNull(name, "name");
            Compute.positive("initialPrice", initialPrice);
            Compute.positive("initialCost", initialCost);
            Compute.positive("referencePrice", referencePrice);
            if (!Double.isFinite(priceLambda) || !Double.isFinite(costLambda)) {
                throw new IllegalArgumentException("priceLambda and costLambda must be finite, but are " + priceLambda
                        + " and " + costLambda);
            }
            if (!(elasticity >= 0) || !Double.isFinite(elasticity)) {
                throw new IllegalArgumentException("elasticity must be >= 0, but is " + elasticity);
            }
        }

        /** A scenario; see the record components. */
        public static Scenario of(String name, double initialPrice, double initialCost, double priceLambda,
                double costLambda, double elasticity, double referencePrice) {
            return new Scenario(name, initialPrice, initialCost, priceLambda, costLambda, elasticity, referencePrice);
        }

        /** Price at year {@code t}. */
        public double price(double t) {
            return initialPrice * Math.exp(-priceLambda * t);
        }

        /** Unit cost at year {@code t}. */
        public double cost(double t) {
            return initialCost * Math.exp(-costLambda * t);
        }

        /** Gross margin {@code (price − cost) / price} at year {@code t}; negative when selling below cost. */
        public double margin(double t) {
            return 1 - cost(t) / price(t);
        }

        /** Volume {@code (price / referencePrice)^(−ε)} at year {@code t}. */
        public double volume(double t) {
            return Math.pow(price(t) / referencePrice, -elasticity);
        }

        /** Profit per year at year {@code t}: {@code (price − cost)·volume}. */
        public double profitRate(double t) {
            return (price(t) - cost(t)) * volume(t);
        }

        /**
         * Years until price and cost meet: 0 if the price starts at or above cost and stays there, infinite if a price
         * below cost never catches up (cost does not fall faster than price).
         */
        public double breakEvenYears() {
            if (initialPrice >= initialCost) {
                return costLambda >= priceLambda ? 0 : Double.POSITIVE_INFINITY;
            }
            if (costLambda <= priceLambda) {
                return Double.POSITIVE_INFINITY;
            }
            return Math.log(initialCost / initialPrice) / (costLambda - priceLambda);
        }

        /** Profit accumulated from 0 to {@code years}, by the trapezoid rule on 1,000 steps per year. */
        public double cumulativeProfit(double years) {
            Compute.positive("years", years);
            int steps = (int) Math.ceil(years * 1000);
            double h = years / steps;
            double sum = 0.5 * (profitRate(0) + profitRate(years));
            for (int i = 1; i < steps; i++) {
                sum += profitRate(i * h);
            }
            return sum * h;
        }
    }

    /**
     * The scenarios sampled {@code stepsPerYear} times a year for {@code years}: columns {@code scenario},
     * {@code year}, {@code price}, {@code cost}, {@code margin}, {@code volume}, {@code profit_rate},
     * {@code cumulative_profit}.
     */
    public static Table simulate(double years, int stepsPerYear, List<Scenario> scenarios) {
        Compute.positive("years", years);
        if (stepsPerYear < 1) {
            throw new IllegalArgumentException("stepsPerYear must be >= 1, but is " + stepsPerYear);
        }
        Objects.requireNonNull(scenarios, "scenarios");
        if (scenarios.isEmpty()) {
            throw new IllegalArgumentException("scenarios must not be empty");
        }
        StringColumn name = StringColumn.create("scenario");
        DoubleColumn year = DoubleColumn.create("year");
        DoubleColumn price = DoubleColumn.create("price");
        DoubleColumn cost = DoubleColumn.create("cost");
        DoubleColumn margin = DoubleColumn.create("margin");
        DoubleColumn volume = DoubleColumn.create("volume");
        DoubleColumn profit = DoubleColumn.create("profit_rate");
        DoubleColumn cumulative = DoubleColumn.create("cumulative_profit");
        int steps = (int) Math.round(years * stepsPerYear);
        for (Scenario s : scenarios) {
            double acc = 0;
            for (int i = 0; i <= steps; i++) {
                double t = i / (double) stepsPerYear;
                if (i > 0) {
                    acc += 0.5 * (s.profitRate(t - 1.0 / stepsPerYear) + s.profitRate(t)) / stepsPerYear;
                }
                name.append(s.name());
                year.append(t);
                price.append(s.price(t));
                cost.append(s.cost(t));
                margin.append(s.margin(t));
                volume.append(s.volume(t));
                profit.append(s.profitRate(t));
                cumulative.append(acc);
            }
        }
        return Table.create("price-war", name, year, price, cost, margin, volume, profit, cumulative);
    }
}
