/**
 * Auto-configuration of the {@code tractor} health indicator.
 */
package dev.tractor.spring.autoconfigure.health;
