package org.sparknas.core.runtime;

import java.io.Serializable;

/**
 * The work of one item: a pure function of the shared read-only state and the item. It may run more
 * than once (Spark retries tasks), so it must not change {@code shared} and must seed any randomness
 * from the item itself (see {@link Seeds}).
 */
@FunctionalInterface
public interface WorkFunction<S, I, R> extends Serializable {
  R apply(S shared, I item) throws Exception;
}
