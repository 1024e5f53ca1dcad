package org.sparknas.core.strategy.bossnas;

import java.util.ArrayList;
import java.util.List;

import org.sparknas.core.network.Network;
import org.sparknas.core.network.NetworkBuilder;
import org.sparknas.core.network.Node;
import org.sparknas.core.space.BlockPath;
import org.sparknas.core.space.BlockwiseSpace;

/**
 * The networks of one candidate of block b (specs/algorithms.md B.2, B.3): the space's stem and blocks
 * 0..b-1 along their chosen paths, block b along the candidate, the space's neck adapter, then the
 * block's projection neck (global pool, linear, 1-d BN, ReLU, linear) and, for the online network,
 * the block's predictor (linear, 1-d BN, ReLU, linear). Online and target networks are the same
 * description bound to different parameters; each block has its own neck ({@code neck<b>/}) and
 * predictor ({@code predictor<b>/}).
 * <pre>{@code
 * Network target = BlockNetworks.projection(space, chosen, path, settings);
 * Network online = BlockNetworks.prediction(space, chosen, path, settings);
 * }</pre>
 */
public final class BlockNetworks {
  private BlockNetworks() {}

  /** Name prefix of block {@code block}'s projection neck weights. */
  public static String neck(int block) {
    return "neck" + block + "/";
  }

  /** Name prefix of block {@code block}'s predictor weights. */
  public static String predictor(int block) {
    return "predictor" + block + "/";
  }

  /** Ends in the neck's projection, {@code [N, projectionDim]}: the target network. */
  public static Network projection(BlockwiseSpace space, List<BlockPath> chosen, BlockPath path, BossnasSettings s) {
    NetworkBuilder b = new NetworkBuilder(space.inputShape());
    return b.build(projection(b, space, chosen, path, s));
  }

  /** Ends in the predictor's output, {@code [N, projectionDim]}: the online network. */
  public static Network prediction(BlockwiseSpace space, List<BlockPath> chosen, BlockPath path, BossnasSettings s) {
    NetworkBuilder b = new NetworkBuilder(space.inputShape());
    String p = predictor(chosen.size());
    return b.build(mlp(b, p, projection(b, space, chosen, path, s), s.predictorHidden(), s.projectionDim()));
  }

  private static Node projection(NetworkBuilder b, BlockwiseSpace space, List<BlockPath> chosen, BlockPath path,
      BossnasSettings s) {
    List<BlockPath> paths = new ArrayList<>(chosen);
    paths.add(path);
    int block = chosen.size();
    Node features = space.neckInput(b, block, path, space.backbone(b, paths));
    return mlp(b, neck(block), b.globalAvgPool(features), s.neckHidden(), s.projectionDim());
  }

  /** Linear, 1-d batch norm, ReLU, linear (BYOL's MLP). */
  private static Node mlp(NetworkBuilder b, String name, Node x, int hidden, int out) {
    Node h = b.relu(b.batchNorm(name + "bn", b.linear(name + "fc1", x, hidden), true));
    return b.linear(name + "fc2", h, out);
  }
}
