package org.sparknas.spaces.darts;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

import org.sparknas.core.space.Architecture;
import org.sparknas.core.space.ArchitectureWeights;
import org.sparknas.core.space.Encoding;
import org.sparknas.core.space.InvalidArchitectureException;

/**
 * A DARTS genotype: for each cell type, 8 {@code (op, input)} genes (genes 2k and 2k+1 feed intermediate
 * node k) and the states the cell output concatenates. Immutable and validated on construction.
 * <pre>{@code
 * DartsGenotype g = DartsGenotype.parse(line, DartsOps.list(true));
 * g.canonical();    // Genotype(normal=[('sep_conv_3x3', 0), ...], normal_concat=[2, 3, 4, 5], reduce=[...], ...)
 * DartsGenotype best = DartsGenotype.derive(weights, Encoding.full(space), space.opNames());
 * }</pre>
 * The genotype also remembers the op list it was made for ({@link #ops()}), which fixes the columns of
 * {@link #encoding()}. Equality and hash code ignore it: two genotypes are equal when their canonical
 * strings are, whether they came from the 8-op or the 7-op space (use {@link #withOps} to rebind).
 *
 * @param normal genes of the normal cell, 8
 * @param normalConcat states the normal cell concatenates, distinct, in [0, 5]
 * @param reduce genes of the reduction cell, 8
 * @param reduceConcat states the reduction cell concatenates, distinct, in [0, 5]
 * @param ops the op list (alpha columns) the genotype belongs to: distinct DARTS op names
 */
public record DartsGenotype(List<Gene> normal, List<Integer> normalConcat, List<Gene> reduce,
    List<Integer> reduceConcat, List<String> ops) implements Architecture {

  /**
   * One kept edge of a cell: the op applied to state {@code input}.
   *
   * @param op op name
   * @param input state index: 0 = {@code c_{k-2}}, 1 = {@code c_{k-1}}, 2.. = intermediate nodes
   */
  public record Gene(String op, int input) {
    public Gene {
      if (op == null) {
        throw new InvalidArchitectureException("a gene needs an op name, got null");
      }
    }

    /** As Python prints the tuple: {@code ('sep_conv_3x3', 0)}. */
    @Override
    public String toString() {
      return "('" + op + "', " + input + ")";
    }
  }

  /** Genes per cell: 2 per intermediate node. */
  public static final int GENES = 2 * DartsOps.NODES;

  /** The concat the DARTS derivation always produces: the 4 intermediate nodes. */
  public static final List<Integer> DEFAULT_CONCAT = List.of(2, 3, 4, 5);

  /** DARTS_V2 of the DARTS reference {@code genotypes.py} (second-order search), on the 8-op list. */
  public static final DartsGenotype DARTS_V2 = of(
      List.of(new Gene("sep_conv_3x3", 0), new Gene("sep_conv_3x3", 1), new Gene("sep_conv_3x3", 0),
          new Gene("sep_conv_3x3", 1), new Gene("sep_conv_3x3", 1), new Gene("skip_connect", 0),
          new Gene("skip_connect", 0), new Gene("dil_conv_3x3", 2)),
      List.of(new Gene("max_pool_3x3", 0), new Gene("max_pool_3x3", 1), new Gene("skip_connect", 2),
          new Gene("max_pool_3x3", 1), new Gene("max_pool_3x3", 0), new Gene("skip_connect", 2),
          new Gene("skip_connect", 2), new Gene("max_pool_3x3", 1)),
      DartsOps.WITH_NONE);

  public DartsGenotype {
    ops = copy(ops, "ops");
    if (ops.isEmpty()) {
      throw new InvalidArchitectureException("a genotype needs a non-empty op list");
    }
    Set<String> seen = new HashSet<>();
    for (String op : ops) {
      if (!DartsOps.WITH_NONE.contains(op)) {
        throw new InvalidArchitectureException("op list " + ops + " holds '" + op + "', not a DARTS op; valid ops: "
            + DartsOps.WITH_NONE);
      }
      if (!seen.add(op)) {
        throw new InvalidArchitectureException("op list " + ops + " holds '" + op + "' twice");
      }
    }
    normal = checkGenes(DartsOps.NORMAL, copy(normal, "normal"), ops);
    reduce = checkGenes(DartsOps.REDUCE, copy(reduce, "reduce"), ops);
    normalConcat = checkConcat("normal_concat", copy(normalConcat, "normal_concat"));
    reduceConcat = checkConcat("reduce_concat", copy(reduceConcat, "reduce_concat"));
  }

  /** A genotype with the default concat {@code [2, 3, 4, 5]} for both cells. */
  public static DartsGenotype of(List<Gene> normal, List<Gene> reduce, List<String> ops) {
    return new DartsGenotype(normal, DEFAULT_CONCAT, reduce, DEFAULT_CONCAT, ops);
  }

  /** The same genes bound to another op list (e.g. DARTS_V2 in the 7-op space). */
  public DartsGenotype withOps(List<String> newOps) {
    return new DartsGenotype(normal, normalConcat, reduce, reduceConcat, newOps);
  }

  /** The genes of a group ({@code normal} or {@code reduce}). */
  public List<Gene> genes(String group) {
    return switch (group) {
      case DartsOps.NORMAL -> normal;
      case DartsOps.REDUCE -> reduce;
      default -> throw new IllegalArgumentException("DARTS has groups " + DartsOps.GROUPS + ", got '" + group + "'");
    };
  }

  /** The concat of a group ({@code normal} or {@code reduce}). */
  public List<Integer> concat(String group) {
    genes(group);
    return group.equals(DartsOps.NORMAL) ? normalConcat : reduceConcat;
  }

  /** Exactly as Python prints the reference namedtuple (lists, single quotes, {@code ", "} separators). */
  @Override
  public String canonical() {
    return "Genotype(normal=" + normal + ", normal_concat=" + normalConcat + ", reduce=" + reduce
        + ", reduce_concat=" + reduceConcat + ")";
  }

  /**
   * Parses a genotype as Python prints or a user writes it: whitespace (newlines too) between tokens,
   * single or double quotes, trailing commas, keyword fields in any order, and {@code range(a, b)} (or
   * {@code range(b)}) for a concat. Everything else is an {@link InvalidArchitectureException} that says
   * what was expected and where, or which gene breaks which rule.
   */
  public static DartsGenotype parse(String text, List<String> ops) {
    return new DartsGenotypeParser(text, ops).parse();
  }

  /**
   * Groups {@code normal} and {@code reduce}, 14 rows each: the edge (node k, input j) of every gene is
   * one-hot on the gene's op; the other 6 rows are all-false (dropped edges).
   */
  @Override
  public Encoding encoding() {
    Map<String, boolean[][]> masks = new LinkedHashMap<>();
    for (String group : DartsOps.GROUPS) {
      boolean[][] rows = new boolean[DartsOps.EDGES][ops.size()];
      List<Gene> genes = genes(group);
      for (int g = 0; g < genes.size(); g++) {
        rows[DartsOps.edgeIndex(g / 2, genes.get(g).input())][ops.indexOf(genes.get(g).op())] = true;
      }
      masks.put(group, rows);
    }
    return Encoding.of(masks);
  }

  /**
   * The DARTS derivation rule, per cell type, with {@code W} the row-wise softmax of the alphas over the
   * ops {@code encoding} allows: for node i the strength of input j is {@code max_{o != none} W[j][o]}
   * over allowed ops; the two strongest inputs are kept (stable sort, ties keep the lower input first),
   * each with {@code argmax_{o != none} W[j][o]} over allowed ops (strict {@code >}, ties to the lower op
   * index), emitted strongest first; concat {@code [2, 3, 4, 5]}. Without {@code none} in {@code ops}
   * every op counts. An edge whose row allows no op other than {@code none} has strength {@code -inf}
   * and is never kept.
   *
   * @throws InvalidArchitectureException when shapes do not match {@code 14 x ops.size()} or a node has
   *     fewer than two edges with an allowed op other than {@code none}
   */
  public static DartsGenotype derive(ArchitectureWeights weights, Encoding encoding, List<String> ops) {
    int none = ops.indexOf(DartsOps.NONE);
    List<List<Gene>> cells = new ArrayList<>();
    for (String group : DartsOps.GROUPS) {
      checkShape(encoding, group, ops);
      double[][] logits = weights.group(group);
      if (logits.length != DartsOps.EDGES) {
        throw new InvalidArchitectureException("DARTS weights '" + group + "' need " + DartsOps.EDGES
            + " rows, got " + logits.length);
      }
      for (int e = 0; e < logits.length; e++) {
        if (logits[e].length != ops.size()) {
          throw new InvalidArchitectureException("DARTS weights '" + group + "' row " + e + " need "
              + ops.size() + " columns (" + ops + "), got " + logits[e].length);
        }
      }
      double[][] w = weights.maskedSoftmax(group, encoding);
      List<Gene> genes = new ArrayList<>(GENES);
      for (int node = 0; node < DartsOps.NODES; node++) {
        int inputs = DartsOps.inputs(node);
        int[] bestOp = new int[inputs];
        double[] strength = new double[inputs];
        List<Integer> order = new ArrayList<>(inputs);
        for (int j = 0; j < inputs; j++) {
          int e = DartsOps.edgeIndex(node, j);
          bestOp[j] = -1;
          strength[j] = Double.NEGATIVE_INFINITY;
          for (int o : encoding.allowedOps(group, e)) {
            if (o != none && (bestOp[j] < 0 || w[e][o] > strength[j])) {
              bestOp[j] = o;
              strength[j] = w[e][o];
            }
          }
          if (bestOp[j] >= 0) {
            order.add(j);
          }
        }
        if (order.size() < 2) {
          throw new InvalidArchitectureException("node " + node + " of the " + group + " cell has " + order.size()
              + " input edge(s) allowing an op other than none; a genotype keeps 2");
        }
        order.sort((a, b) -> Double.compare(strength[b], strength[a]));  // List.sort is stable
        for (int r = 0; r < 2; r++) {
          int j = order.get(r);
          genes.add(new Gene(ops.get(bestOp[j]), j));
        }
      }
      cells.add(genes);
    }
    return of(cells.get(0), cells.get(1), ops);
  }

  /**
   * A uniformly random genotype within an encoding: for each cell type and node, 2 distinct inputs drawn
   * uniformly among the input edges that allow some op other than {@code none} (edges that allow none
   * are skipped), each with an op drawn uniformly among its allowed ops other than {@code none}. The
   * two genes of a node are emitted in ascending input order, so each cell graph has one genotype.
   * Draws: normal then reduce, node by node, the pair ({@code nextInt(n)}, {@code nextInt(n - 1)}) then
   * one {@code nextInt} per gene; a seeded generator reproduces the genotype.
   *
   * @throws InvalidArchitectureException when a node has fewer than 2 such edges or shapes do not match
   */
  public static DartsGenotype sample(Encoding encoding, RandomGenerator random, List<String> ops) {
    int none = ops.indexOf(DartsOps.NONE);
    List<List<Gene>> cells = new ArrayList<>();
    for (String group : DartsOps.GROUPS) {
      checkShape(encoding, group, ops);
      List<Gene> genes = new ArrayList<>(GENES);
      for (int node = 0; node < DartsOps.NODES; node++) {
        List<Integer> candidates = new ArrayList<>();
        List<int[]> choices = new ArrayList<>();
        for (int j = 0; j < DartsOps.inputs(node); j++) {
          int[] allowed = encoding.allowedOps(group, DartsOps.edgeIndex(node, j));
          int[] real = java.util.Arrays.stream(allowed).filter(o -> o != none).toArray();
          if (real.length > 0) {
            candidates.add(j);
            choices.add(real);
          }
        }
        int n = candidates.size();
        if (n < 2) {
          throw new InvalidArchitectureException("node " + node + " of the " + group + " cell has " + n
              + " input edge(s) allowing an op other than none; a genotype keeps 2");
        }
        int a = random.nextInt(n);
        int b = random.nextInt(n - 1);
        if (b >= a) {
          b++;
        }
        for (int c : new int[] {Math.min(a, b), Math.max(a, b)}) {
          int[] real = choices.get(c);
          genes.add(new Gene(ops.get(real[random.nextInt(real.length)]), candidates.get(c)));
        }
      }
      cells.add(genes);
    }
    return of(cells.get(0), cells.get(1), ops);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DartsGenotype g && normal.equals(g.normal) && normalConcat.equals(g.normalConcat)
        && reduce.equals(g.reduce) && reduceConcat.equals(g.reduceConcat);
  }

  @Override
  public int hashCode() {
    return Objects.hash(normal, normalConcat, reduce, reduceConcat);
  }

  /** The canonical string. */
  @Override
  public String toString() {
    return canonical();
  }

  private static <T> List<T> copy(List<T> list, String what) {
    if (list == null || list.stream().anyMatch(Objects::isNull)) {  // List.of(..).contains(null) would throw
      throw new InvalidArchitectureException("genotype " + what + " must be a list without nulls, got " + list);
    }
    return List.copyOf(list);
  }

  private static List<Gene> checkGenes(String cell, List<Gene> genes, List<String> ops) {
    if (genes.size() != GENES) {
      throw new InvalidArchitectureException("the " + cell + " cell needs " + GENES + " genes (2 per node), got "
          + genes.size());
    }
    for (int g = 0; g < genes.size(); g++) {
      Gene gene = genes.get(g);
      int node = g / 2;
      String where = cell + " gene " + g + " " + gene + " (node " + node + ")";
      if (gene.op().equals(DartsOps.NONE)) {
        throw new InvalidArchitectureException(where + ": 'none' never appears in a genotype (a dropped edge has no gene)");
      }
      if (!ops.contains(gene.op())) {
        throw new InvalidArchitectureException(where + ": unknown op '" + gene.op() + "', valid ops: "
            + ops.stream().filter(o -> !o.equals(DartsOps.NONE)).toList());
      }
      if (gene.input() < 0 || gene.input() > node + 1) {
        throw new InvalidArchitectureException(where + ": input " + gene.input() + " out of range, node " + node
            + " reads states 0.." + (node + 1));
      }
      if (g % 2 == 1 && gene.input() == genes.get(g - 1).input()) {
        throw new InvalidArchitectureException(where + ": node " + node + " reads input " + gene.input()
            + " twice; its two genes need distinct inputs");
      }
    }
    return genes;
  }

  private static List<Integer> checkConcat(String field, List<Integer> concat) {
    if (concat.isEmpty()) {
      throw new InvalidArchitectureException(field + " is empty; a cell concatenates at least one state");
    }
    Set<Integer> seen = new HashSet<>();
    for (int s : concat) {
      if (s < 0 || s > DartsOps.NODES + 1) {
        throw new InvalidArchitectureException(field + " " + concat + " holds state " + s + ", states are 0.."
            + (DartsOps.NODES + 1));
      }
      if (!seen.add(s)) {
        throw new InvalidArchitectureException(field + " " + concat + " holds state " + s + " twice");
      }
    }
    return concat;
  }

  private static void checkShape(Encoding encoding, String group, List<String> ops) {
    if (!encoding.groups().contains(group)) {
      throw new InvalidArchitectureException("DARTS encoding needs group '" + group + "', has " + encoding.groups());
    }
    if (encoding.edges(group) != DartsOps.EDGES || encoding.opCount(group) != ops.size()) {
      throw new InvalidArchitectureException("DARTS encoding '" + group + "' needs " + DartsOps.EDGES + "x"
          + ops.size() + " masks for ops " + ops + ", got " + encoding.edges(group) + "x" + encoding.opCount(group));
    }
  }
}
