/**
 * Spring Boot integration of Tractor. Adding the starter to a Spring Boot application gives, with no
 * code: an {@link dev.tractor.ActorRuntime} bean (this process's actor, opened when the context starts
 * and closed, cancelling its whole tree, when it stops), an {@link dev.tractor.spring.ActorNurseryFactory},
 * an {@link dev.tractor.spring.ActorFunctionRegistry} of every {@link dev.tractor.ActorFunction} method
 * found on the application's beans, and child actors that are child JVMs booting the same application
 * in a child Spring context without a web server.
 */
package dev.tractor.spring;
