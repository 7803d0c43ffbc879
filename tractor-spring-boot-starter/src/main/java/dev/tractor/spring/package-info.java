/**
 * Spring Boot integration of Tractor: auto-configuration of the actor runtime for Spring applications.
 */
package dev.tractor.spring;
