/**
 * Auto-configuration of the servlet integration.
 */
package dev.tractor.spring.autoconfigure.web;
