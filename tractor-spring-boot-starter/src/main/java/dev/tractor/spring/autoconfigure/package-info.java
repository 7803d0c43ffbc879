/**
 * Auto-configuration of the actor runtime and the {@code tractor.*} properties.
 */
package dev.tractor.spring.autoconfigure;
