package org.sparknas.spaces;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparknas.core.nn.BatchNormMode;
import org.sparknas.core.nn.GradCheck;
import org.sparknas.core.nn.GraphBuilder;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.SearchSpace;
import org.sparknas.core.supernet.ParameterSet;
import org.sparknas.core.supernet.SupernetParameters;

/**
 * Test helpers for whole networks of a space: a double-precision graph {@code x -> buildNetwork ->
 * sum(tanh(logits) * R)} and labels. Finite differences and the re-run judge of
 * specs/cpu-performance.md are nas-core's {@link GradCheck} (its test jar).
 */
public final class NetCheck {
  public static final String INPUT = "x";

  private NetCheck() {}

  /** A double-precision network graph with every variable bound to {@code p}. */
  public record Net(SameDiff sd, String loss, List<String> variables, long[] inputShape) {
    public double loss(INDArray x) {
      return sd.output(Map.of(INPUT, x), loss).get(loss).getDouble(0);
    }

    public Map<String, INDArray> gradients(INDArray x) {
      List<String> wrt = new ArrayList<>(variables);
      wrt.add(INPUT);
      OutAndGrad og = sd.calculateGradientsAndOutputs(Map.of(INPUT, x), List.of(loss), wrt);
      Map<String, INDArray> m = new LinkedHashMap<>();
      for (String n : wrt) {
        INDArray g = og.getGradients().get(n);
        if (g == null) {
          throw new AssertionError("no gradient for " + n);
        }
        m.put(n, g.dup());
      }
      return m;
    }

    public INDArray array(String name) {
      return sd.getVariable(name).getArr();
    }
  }

  /**
   * Builds {@code space}'s network for {@code enc} in double precision: the code under test first
   * creates the float parameters, which are then cast to double in {@code p}.
   */
  public static Net doubleNetwork(SearchSpace space, SupernetParameters p, Encoding enc, int batch) {
    long[] shape = new long[] {batch, space.inputShape()[0], space.inputShape()[1], space.inputShape()[2]};
    SameDiff scratch = SameDiff.create();
    space.buildNetwork(new GraphBuilder(scratch, p, enc, BatchNormMode.BATCH),
        scratch.placeHolder(INPUT, DataType.FLOAT, shape), enc);
    for (ParameterSet s : List.of(p.weights(), p.alphas(), p.bnStats())) {
      for (String n : s.names()) {
        s.put(n, s.get(n).castTo(DataType.DOUBLE));
      }
    }
    SameDiff sd = SameDiff.create();
    SDVariable logits = space.buildNetwork(new GraphBuilder(sd, p, enc, BatchNormMode.BATCH),
        sd.placeHolder(INPUT, DataType.DOUBLE, shape), enc);
    SDVariable r = sd.var("R", GradCheck.uniform(DataType.DOUBLE, 99, batch, space.classes()));
    SDVariable loss = sd.math().tanh(logits).mul(r).sum();
    sd.setLossVariables(loss);
    List<String> vars = new ArrayList<>();
    for (SDVariable v : sd.variables()) {
      if (v.getVariableType() == VariableType.VARIABLE) {
        vars.add(v.name());
      }
    }
    return new Net(sd, loss.name(), vars, shape);
  }





  /** One-hot labels [n, classes] cycling through the classes. */
  public static INDArray labels(int n, int classes, int offset) {
    INDArray y = Nd4j.zeros(DataType.FLOAT, n, classes);
    for (int i = 0; i < n; i++) {
      y.putScalar(i, (i + offset) % classes, 1);
    }
    return y;
  }
}
