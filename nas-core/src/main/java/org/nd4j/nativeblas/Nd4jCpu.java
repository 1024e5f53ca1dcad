package org.nd4j.nativeblas;

/**
 * A bridge for a naming slip in DL4J 1.0.0-M2.1, not an ND4J class: DL4J's oneDNN layer helpers ask
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.isUseMKLDNN()} whether oneDNN is on, but the M2.1
 * native backend ships that class as {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment}
 * with {@code isUseONEDNN()}, so the check fails and every DL4J convolution runs as im2col plus matrix
 * multiply (7x slower to train, 20x slower in inference, measured in docs/retrain.md). This answers the
 * old question with the new one. See {@link org.sparknas.core.model.Dl4jHelpers}.
 */
public final class Nd4jCpu {
  private Nd4jCpu() {}

  /** The one method DL4J's {@code BaseMKLDNNHelper} calls, on the one instance it asks for. */
  public static final class Environment {
    private static final Environment INSTANCE = new Environment();

    private Environment() {}

    public static Environment getInstance() {
      return INSTANCE;
    }

    public boolean isUseMKLDNN() {
      return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
    }
  }
}
