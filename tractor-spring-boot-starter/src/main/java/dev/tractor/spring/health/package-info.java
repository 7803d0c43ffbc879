/**
 * The {@code tractor} health indicator.
 */
package dev.tractor.spring.health;
