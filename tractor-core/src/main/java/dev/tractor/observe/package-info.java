/**
 * What a runtime reports about itself: the {@link dev.tractor.observe.RuntimeListener} SPI read by
 * metrics and monitoring (the Spring starter's Micrometer meters and actuator endpoint).
 */
package dev.tractor.observe;
