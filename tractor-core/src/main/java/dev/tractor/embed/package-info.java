/**
 * The service-provider interface for frameworks that embed actors, such as the Spring Boot starter: open a root
 * or child actor with the framework's own source of functions, spawn backend and listeners ({@link
 * dev.tractor.embed.Embedding}), and describe the functions a source exposes. Applications open actors with
 * {@link dev.tractor.Tractor#openRoot} and have no need for this package. Depends on the public API, the spawn SPI
 * ({@link dev.tractor.spawn}) and {@link dev.tractor.observe}; the runtime implements it.
 */
package dev.tractor.embed;
