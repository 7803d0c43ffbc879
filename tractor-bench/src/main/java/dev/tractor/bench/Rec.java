package dev.tractor.bench;

import java.util.List;

/**
 * The record of the payload workloads: msgpack-encoded (as a map, the way both Tractor and the raw baseline
 * write it) it takes about 1 KiB.
 *
 * @param id     an identifier
 * @param name   a short name
 * @param score  a floating-point value
 * @param values a list of small and large integers
 * @param text   a block of text
 */
public record Rec(long id, String name, double score, List<Integer> values, String text) {
}
