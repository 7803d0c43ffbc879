/**
 * Auto-configuration of the runtime's Micrometer meters.
 */
package dev.tractor.spring.autoconfigure.metrics;
