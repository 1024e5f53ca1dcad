package org.sparknas.core.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PNG pictures of a BossNAS search for {@code report/}, drawn from the {@code blocks} entry of its
 * result details: {@code bossnas-scores.png}, every block's candidate scores in rank order (lower is
 * better), and {@code bossnas-path.png}, the chosen path drawn over its layers (from
 * {@code path_drawing}: HyTra's on its fabric's resolution levels, other spaces' as op digits); and from
 * the metric rows
 * {@code bossnas-loss.png}, the training loss of every block over its own epochs.
 * <pre>{@code
 * BossnasPlots.pngs(result.details()).forEach((name, png) -> dir.writeAtomically("report/" + name, png));
 * }</pre>
 */
public final class BossnasPlots {
  private BossnasPlots() {}

  /** {@code bossnas-loss.png}: one line per block of (epoch in block, train_loss); {@code null} without such rows. */
  public static byte[] lossPerBlock(List<Map<String, Object>> rows) throws IOException {
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    for (Map<String, Object> row : rows) {
      if (row.get("block") instanceof Number b && row.get("epoch_in_block") instanceof Number e
          && row.get("train_loss") instanceof Number loss) {
        series.computeIfAbsent("block " + b.intValue(), k -> new ArrayList<>())
            .add(new double[] {e.doubleValue(), loss.doubleValue()});
      }
    }
    return Plots.lines("bossnas: training loss per block", "epoch in block", "loss", series);
  }

  /** File name to PNG; empty for a result without blocks. */
  @SuppressWarnings("unchecked")
  public static Map<String, byte[]> pngs(Map<String, Object> details) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    if (!(details.get("blocks") instanceof List<?> blocks) || blocks.isEmpty()) {
      return out;
    }
    Map<String, List<double[]>> scores = new LinkedHashMap<>();
    for (Object o : blocks) {
      Map<String, Object> block = (Map<String, Object>) o;
      List<double[]> points = new ArrayList<>();
      List<Map<String, Object>> ranked = (List<Map<String, Object>>) block.get("ranked");
      for (int i = 0; i < ranked.size(); i++) {
        points.add(new double[] {i + 1, ((Number) ranked.get(i).get("score")).doubleValue()});
      }
      scores.put("block " + block.get("block"), points);
    }
    out.put("bossnas-scores.png", Plots.lines("bossnas: candidate scores per block (lower is better)", "rank",
        "score", scores));
    if (details.get("path_drawing") instanceof Map<?, ?> drawing) {
      List<double[]> path = new ArrayList<>();
      for (Object row : (List<?>) drawing.get("rows")) {
        path.add(new double[] {path.size(), ((Number) row).doubleValue()});
      }
      out.put("bossnas-path.png", Plots.lines("bossnas: chosen path " + details.get("block_paths"),
          "searched layer", drawing.get("axis").toString(), Map.of("chosen path", path)));
    }
    return out;
  }
}
