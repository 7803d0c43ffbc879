package dev.tractor.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects the figures of a run and prints them as a Markdown table with the ratio tractor/raw. */
public final class Report {

    private final List<Figure> figures = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final List<String> sections = new ArrayList<>();

    /** Adds a figure and prints it at once, so a long run shows progress. */
    public synchronized void add(Figure f) {
        figures.add(f);
        System.out.println("  " + row(f));
    }

    /** Records a workload that failed to run. */
    public synchronized void failed(String transport, String workload, Throwable why) {
        String text = transport + " " + workload + ": " + why;
        failures.add(text);
        System.out.println("  FAILED " + text);
    }

    /** Records a failure described by {@code text}. */
    public synchronized void failed(String text) {
        failures.add(text);
    }

    /** Adds a section of its own (a heading and a Markdown table) after the comparison table. */
    public synchronized void addSection(String heading, String markdown) {
        sections.add("## " + heading + "\n\n" + markdown);
    }

    /** Whether anything was measured. */
    public synchronized boolean isEmpty() {
        return figures.isEmpty() && sections.isEmpty();
    }

    public synchronized List<Figure> figures() {
        return List.copyOf(figures);
    }

    /** Whether every workload ran and every target was met. */
    public synchronized boolean allMet() {
        return failures.isEmpty() && figures.stream().allMatch(Figure::met);
    }

    /** Prints the whole table and the list of missed targets and failures. */
    public synchronized void print(PrintStream out) {
        out.print(markdown());
    }

    /** Writes the table to {@code file}. */
    public synchronized void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, markdown());
    }

    private String markdown() {
        StringBuilder sb = new StringBuilder();
        if (!figures.isEmpty()) {
            sb.append("| transport | workload | metric | tractor | raw | tractor/raw | target | met |\n");
            sb.append("| --- | --- | --- | ---: | ---: | ---: | --- | --- |\n");
            for (Figure f : figures) {
                sb.append(row(f)).append('\n');
            }
            long missed = figures.stream().filter(f -> !f.met()).count();
            long targets = figures.stream().filter(f -> f.check().kind() != Check.Kind.NONE).count();
            sb.append('\n').append(targets - missed).append(" of ").append(targets).append(" targets met");
            sb.append(failures.isEmpty() ? "" : "; " + failures.size() + " workload(s) failed").append('\n');
        } else if (!failures.isEmpty()) {
            sb.append(failures.size()).append(" workload(s) failed\n");
        }
        for (String failure : failures) {
            sb.append("- FAILED ").append(failure).append('\n');
        }
        for (String section : sections) {
            sb.append('\n').append(section);
        }
        return sb.toString();
    }

    private static String row(Figure f) {
        boolean hasRaw = !Double.isNaN(f.raw());
        boolean hasRatio = hasRaw && f.raw() > 0;
        String met = f.check().kind() == Check.Kind.NONE ? "" : f.met() ? "yes" : "**no**";
        return "| " + f.transport() + " | " + f.workload() + " | " + f.metric() + " | " + format(f.tractor()) + " | "
                + (hasRaw ? format(f.raw()) : "–") + " | "
                + (hasRatio ? String.format(Locale.ROOT, "%.2f", f.ratio()) : "–") + " | "
                + f.check().describe() + " | " + met + " |";
    }

    /** A value with a precision that suits its size: 12.3, 1,234, 1,234,567. */
    static String format(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (Math.abs(v) >= 1000 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
