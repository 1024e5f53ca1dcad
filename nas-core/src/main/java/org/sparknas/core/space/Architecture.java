package org.sparknas.core.space;

/**
 * A discrete architecture of a space. Its canonical string is the interchange format: it is what
 * {@code result.json} records and what {@link SearchSpace#parse} reads back to an equal architecture.
 */
public interface Architecture {

  /** The exact text form the reference implementations print. */
  String canonical();

  /** The one-path encoding of this architecture: one allowed op per kept edge, no op on a dropped edge. */
  Encoding encoding();
}
