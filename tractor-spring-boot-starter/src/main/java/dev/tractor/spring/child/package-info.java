/**
 * Child actors as child JVMs that boot the same Spring Boot application: the spawn backend, the
 * launch style (plain class path or executable jar) and the child's entry point.
 */
package dev.tractor.spring.child;
