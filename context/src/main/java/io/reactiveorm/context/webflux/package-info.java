/**
 * Spring WebFlux integration: {@link io.reactiveorm.context.webflux.RequestContextWebFilter} binds a
 * fork of the EntityManager to every request. Needs spring-webflux (an optional dependency of this
 * module).
 */
package io.reactiveorm.context.webflux;
