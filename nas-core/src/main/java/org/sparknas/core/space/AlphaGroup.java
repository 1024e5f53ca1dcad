package org.sparknas.core.space;

/** One architecture-parameter matrix ({@code edges x ops}), shared by every cell of one type. */
public record AlphaGroup(String name, int edges) {
  public AlphaGroup {
    if (edges <= 0) {
      throw new IllegalArgumentException("alpha group " + name + " needs at least one edge, got " + edges);
    }
  }

  /** Name of the parameter array that holds this group's logits. */
  public String variableName() {
    return "alpha_" + name;
  }
}
