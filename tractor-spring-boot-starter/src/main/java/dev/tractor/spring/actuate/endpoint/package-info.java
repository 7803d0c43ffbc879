/**
 * The {@code tractor} actuator endpoint and its response types.
 */
package dev.tractor.spring.actuate.endpoint;
