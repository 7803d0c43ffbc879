package dev.tractor.bench.spawn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The spawn workload's figures: each a series of repetitions, shown as median, min and max. */
public final class SpawnTable {

    private final List<Row> rows = new ArrayList<>();

    /** One metric's repetitions. */
    public record Row(String workload, String metric, List<Double> values) {

        public Row {
            values = List.copyOf(values);
        }

        public double median() {
            List<Double> sorted = values.stream().sorted().toList();
            int n = sorted.size();
            if (n == 0) {
                return Double.NaN;
            }
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        public double min() {
            return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        public double max() {
            return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    /** Adds a row and prints it at once, so a long run shows progress. */
    public synchronized void add(String workload, String metric, List<Double> values) {
        Row row = new Row(workload, metric, values);
        rows.add(row);
        System.out.println("  " + format(row));
    }

    public synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    /** The Markdown table. */
    public synchronized String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| workload | metric | median | min | max | n |\n");
        sb.append("| --- | --- | ---: | ---: | ---: | ---: |\n");
        for (Row row : rows) {
            sb.append(format(row)).append('\n');
        }
        return sb.toString();
    }

    private static String format(Row r) {
        return "| " + r.workload() + " | " + r.metric() + " | " + number(r.median()) + " | " + number(r.min()) + " | "
                + number(r.max()) + " | " + r.values().size() + " |";
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (Math.abs(v) >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
