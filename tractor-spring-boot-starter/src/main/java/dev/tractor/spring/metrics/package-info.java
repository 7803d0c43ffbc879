/**
 * Micrometer meters of the actor runtime, fed by its runtime listener events.
 */
package dev.tractor.spring.metrics;
