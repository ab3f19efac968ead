package dev.metacircular.web.common;

/**
 * A page or form action; {@code DomainException}s it throws become error pages (see {@link
 * WebRoutes}).
 */
@FunctionalInterface
public interface PageHandler {
  void handle(PageRequest request) throws Exception;
}
