package org.sparknas.core.model;

/**
 * Switches on DL4J's oneDNN layer helpers (convolution, batch norm, pooling) for the graphs this JVM
 * builds or restores. DL4J 1.0.0-M2.1 turns them off by default (system property
 * {@value #PROPERTY}) and, even when asked, cannot find them (see {@link org.nd4j.nativeblas.Nd4jCpu});
 * without them every convolution is im2col plus a matrix multiply. The helpers compute the same
 * values within float round-off (the cross-check and re-run tests run with them). A user's explicit
 * {@code -D}{@value #PROPERTY}{@code =true} is left alone.
 */
public final class Dl4jHelpers {
  /** DL4J's switch, read whenever a layer is instantiated. */
  public static final String PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

  private Dl4jHelpers() {}

  /** Enables the helpers unless the user set the property; call before graphs are instantiated. */
  public static void enable() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, "false");
    }
  }
}
