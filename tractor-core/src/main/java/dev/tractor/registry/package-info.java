/**
 * The registry of actors: the {@link dev.tractor.registry.Registrar} kept by the registrar actor of a
 * host, mapping names to identities and addresses.
 */
package dev.tractor.registry;
