package org.sparknas.spark.kryo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

@DisplayName("Kryo with NasKryoRegistrator and spark.kryo.registrationRequired=true")
class NasKryoRegistratorTest {

  private static final ClassTag<Object> ANY = ClassTag$.MODULE$.apply(Object.class);
  private static SerializerInstance kryo;

  @BeforeAll
  static void kryo() {
    SparkConf conf = new SparkConf(false)
        .set("spark.kryo.registrator", NasKryoRegistrator.class.getName())
        .set("spark.kryo.registrationRequired", "true");
    kryo = new KryoSerializer(conf).newInstance();
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) {
    return (T) kryo.deserialize(kryo.serialize(value, ANY), ANY);
  }

  @Test
  @DisplayName("INDArray, a non-contiguous view and HashMap<String, INDArray> come back equal")
  void ndArrays() {
    INDArray a = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(42L), 3, 4);
    INDArray back = roundTrip(a);
    assertArrayEquals(a.shape(), back.shape());
    assertArrayEquals(a.toFloatMatrix(), back.toFloatMatrix());

    INDArray view = a.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3));
    assertArrayEquals(view.toFloatMatrix(), roundTrip(view).toFloatMatrix());

    HashMap<String, INDArray> params = new HashMap<>();
    params.put("cell0/w", a);
    params.put("alpha_normal", Nd4j.linspace(1, 6, 6).reshape(2, 3));
    HashMap<String, INDArray> copy = roundTrip(params);
    assertEquals(params.keySet(), copy.keySet());
    params.forEach((k, v) -> assertArrayEquals(v.toDoubleMatrix(), copy.get(k).toDoubleMatrix(), k));
  }

  @Test
  @DisplayName("every class in WIRE_CLASSES round-trips")
  void everyWireClass() {
    Map<Class<?>, Object> samples = new LinkedHashMap<>();
    samples.put(ArrayList.class, new ArrayList<>(List.of(1, 2, 3)));
    samples.put(HashMap.class, new HashMap<>(Map.of("a", 1.5)));
    samples.put(LinkedHashMap.class, new LinkedHashMap<>(Map.of("b", 2L)));
    samples.put(TreeMap.class, new TreeMap<>(Map.of("c", "d")));
    samples.put(double[][].class, new double[][] {{1.0, 2.0}, {3.0}});
    samples.put(float[][].class, new float[][] {{1f}, {2f, 3f}});
    samples.put(boolean[].class, new boolean[] {true, false});
    samples.put(boolean[][].class, new boolean[][] {{true}, {false, true}});
    samples.put(int[][].class, new int[][] {{1, 2}});
    samples.put(long[][].class, new long[][] {{3L}, {}});
    assertEquals(NasKryoRegistrator.WIRE_CLASSES.size(), samples.size(), "give every wire class a sample here");
    for (Class<?> c : NasKryoRegistrator.WIRE_CLASSES) {
      Object sample = Objects.requireNonNull(samples.get(c), "no sample for " + c.getName());
      Object back = roundTrip(sample);
      assertEquals(c, back.getClass());
      assertTrue(Objects.deepEquals(sample, back), c.getName());
    }
  }

  record Unlisted(int x) {}

  private record Candidate(String arch, double score, double[] alphas, Candidate parent) {
    Candidate {
      if (arch.isEmpty()) {
        throw new IllegalArgumentException("empty arch");
      }
    }
  }

  @Test
  @DisplayName("records (private, nested, with arrays and nulls) round-trip through RecordSerializer")
  void records() {
    Kryo k = new KryoSerializer(new SparkConf(false)
        .set("spark.kryo.registrator", NasKryoRegistrator.class.getName())
        .set("spark.kryo.registrationRequired", "true")).newKryo();
    k.register(Candidate.class);
    Candidate c = new Candidate("|nor_conv_3x3~0|", 0.5, new double[] {1, 2},
        new Candidate("|none~0|", 0.1, null, null));
    Output out = new Output(256, -1);
    k.writeClassAndObject(out, c);
    Candidate back = (Candidate) k.readClassAndObject(new Input(out.toBytes()));
    assertEquals(c.arch(), back.arch());
    assertEquals(c.score(), back.score());
    assertArrayEquals(c.alphas(), back.alphas());
    assertEquals(c.parent().arch(), back.parent().arch());
    assertNull(back.parent().alphas());
  }

  @Test
  @DisplayName("registration really is required: an unlisted class is refused")
  void unlistedClassIsRefused() {
    Exception e = assertThrows(Exception.class, () -> kryo.serialize(new Unlisted(1), ANY));
    assertTrue(String.valueOf(e.getMessage()).contains("Class is not registered"), e.getMessage());
  }
}
