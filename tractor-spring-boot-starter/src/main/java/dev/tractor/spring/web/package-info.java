/**
 * Servlet integration: the actor in the MDC of request threads.
 */
package dev.tractor.spring.web;
