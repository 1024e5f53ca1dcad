package org.sparknas.core.strategy;

/**
 * One NAS method: turns a space, data and a budget into a {@link SearchResult}. Each method lives in
 * its own sub-package with its settings; shared machinery lives in {@code supernet}, {@code train}
 * and {@code eval}.
 * <pre>{@code
 * SearchResult r = new DartsSearch(settings).search(context);
 * }</pre>
 */
public interface SearchStrategy {

  /** The method's config name ({@code darts}, {@code rsps}, ...). */
  String name();

  SearchResult search(SearchContext context);
}
