package dev.tractor.bench;

/**
 * One measured figure of a workload, for Tractor and for the raw baseline of the same run.
 *
 * @param transport "tcp" or "uds"
 * @param workload  the workload's name
 * @param metric    what was measured, with its unit
 * @param tractor   Tractor's value
 * @param raw       the raw baseline's value (NaN if there is none)
 * @param check     the target the figure is held to
 */
public record Figure(String transport, String workload, String metric, double tractor, double raw, Check check) {

    /** tractor / raw (not meaningful, and not shown, where raw is zero or less: a count of errors, a heap delta). */
    public double ratio() {
        return tractor / raw;
    }

    /** Whether the target is met. */
    public boolean met() {
        return check.met(tractor, ratio());
    }
}
