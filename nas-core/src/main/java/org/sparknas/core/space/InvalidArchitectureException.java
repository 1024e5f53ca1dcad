package org.sparknas.core.space;

/** A canonical architecture string or an architecture that does not belong to its space. */
public class InvalidArchitectureException extends IllegalArgumentException {
  public InvalidArchitectureException(String message) {
    super(message);
  }
}
