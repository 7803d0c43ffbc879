package dev.tractor.bench;

import java.util.Locale;

/**
 * A target a figure is held to: a bound on the ratio tractor/raw, or on Tractor's own value.
 *
 * @param kind  what is bounded
 * @param bound the bound
 */
public record Check(Kind kind, double bound) {

    /** What a check bounds. */
    public enum Kind {
        /** No target: the figure is informative. */
        NONE,
        /** ratio ≤ bound. */
        RATIO_AT_MOST,
        /** ratio ≥ bound. */
        RATIO_AT_LEAST,
        /** Tractor's value ≤ bound. */
        VALUE_AT_MOST
    }

    public static Check none() {
        return new Check(Kind.NONE, 0);
    }

    public static Check ratioAtMost(double bound) {
        return new Check(Kind.RATIO_AT_MOST, bound);
    }

    public static Check ratioAtLeast(double bound) {
        return new Check(Kind.RATIO_AT_LEAST, bound);
    }

    public static Check valueAtMost(double bound) {
        return new Check(Kind.VALUE_AT_MOST, bound);
    }

    /** Whether the figure meets the target; true when there is none. */
    public boolean met(double tractor, double ratio) {
        return switch (kind) {
            case NONE -> true;
            case RATIO_AT_MOST -> ratio <= bound;
            case RATIO_AT_LEAST -> ratio >= bound;
            case VALUE_AT_MOST -> tractor <= bound;
        };
    }

    /** The target as text, e.g. "≤ 1.3× raw". */
    public String describe() {
        return switch (kind) {
            case NONE -> "";
            case RATIO_AT_MOST -> "≤ " + trim(bound) + "× raw";
            case RATIO_AT_LEAST -> "≥ " + trim(bound) + "× raw";
            case VALUE_AT_MOST -> "≤ " + Report.format(bound);
        };
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%s", d);
    }
}
