package org.sparknas.core.data;

/**
 * Two augmented views of the same images, row for row (image j of {@code first} is image j of
 * {@code second}), as a Siamese self-supervised step consumes them.
 */
public record TwoViews(Batch first, Batch second) implements java.io.Serializable {

  public TwoViews {
    if (first.size() != second.size()) {
      throw new IllegalArgumentException("two views need the same images, got " + first.size() + " and "
          + second.size() + " rows");
    }
  }

  public int size() {
    return first.size();
  }
}
