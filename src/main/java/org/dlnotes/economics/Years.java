package org.dlnotes.economics;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/** Time in years as the decay model uses it: days / 365.25 (the mean Julian year). */
public final class Years {

    /** Days in a year on this axis. */
    public static final double DAYS_PER_YEAR = 365.25;

    private Years() {
    }

    /** Years from {@code origin} to {@code date}; negative if {@code date} is earlier. */
    public static double between(LocalDate origin, LocalDate date) {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(date, "date");
        return ChronoUnit.DAYS.between(origin, date) / DAYS_PER_YEAR;
    }

    /** The date {@code years} after {@code origin}, rounded to the nearest day. */
    public static LocalDate plus(LocalDate origin, double years) {
        Objects.requireNonNull(origin, "origin");
        if (!Double.isFinite(years)) {
            throw new IllegalArgumentException("years must be finite, but is " + years);
        }
        return origin.plusDays(Math.round(years * DAYS_PER_YEAR));
    }

    /** The calendar year plus the fraction of it elapsed, e.g. 2024-07-01 → about 2024.5 (for chart axes). */
    public static double decimalYear(LocalDate date) {
        Objects.requireNonNull(date, "date");
        LocalDate start = LocalDate.of(date.getYear(), 1, 1);
        return date.getYear() + ChronoUnit.DAYS.between(start, date) / (double) start.lengthOfYear();
    }
}
