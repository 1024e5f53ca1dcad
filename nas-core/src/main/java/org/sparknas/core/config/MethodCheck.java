package org.sparknas.core.config;

/**
 * Checks the method a job config names ({@code nas.method}) and the settings blocks of the methods,
 * before any work starts. The strategy layer supplies it ({@code Strategies::check}), so {@code config}
 * knows no method and does not depend on the strategies.
 * <pre>{@code
 * NasConfig job = NasConfig.from(ConfigLoader.load(file, overrides), Strategies::check);
 * }</pre>
 */
@FunctionalInterface
public interface MethodCheck {

  /** Throws a {@link ConfigException} naming the first unknown method or bad key of a method's block. */
  void check(Settings settings);
}
