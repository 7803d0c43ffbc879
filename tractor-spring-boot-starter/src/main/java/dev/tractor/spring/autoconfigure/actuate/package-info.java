/**
 * Auto-configuration of the {@code tractor} actuator endpoint.
 */
package dev.tractor.spring.autoconfigure.actuate;
