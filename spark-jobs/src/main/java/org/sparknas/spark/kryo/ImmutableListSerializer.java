package org.sparknas.spark.kryo;

import java.util.List;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Kryo serializer for the JDK's unmodifiable lists ({@code List.of}, {@code List.copyOf}, whose classes
 * are {@code ImmutableCollections$List12} and {@code $ListN}): Kryo's collection serializer would create
 * one and add to it, which they refuse. Written as size and elements, read back through {@code List.of}.
 * <pre>{@code
 * ImmutableListSerializer.register(kryo);
 * }</pre>
 */
public final class ImmutableListSerializer extends Serializer<List<Object>> {

  /** Registers this serializer for both unmodifiable list classes. */
  public static void register(Kryo kryo) {
    ImmutableListSerializer s = new ImmutableListSerializer();
    kryo.register(List.of(1).getClass(), s);
    kryo.register(List.of(1, 2, 3).getClass(), s);
  }

  @Override
  public void write(Kryo kryo, Output output, List<Object> list) {
    output.writeInt(list.size(), true);
    for (Object o : list) {
      kryo.writeClassAndObject(output, o);
    }
  }

  @Override
  public List<Object> read(Kryo kryo, Input input, Class<List<Object>> type) {
    Object[] values = new Object[input.readInt(true)];
    for (int i = 0; i < values.length; i++) {
      values[i] = kryo.readClassAndObject(input);
    }
    return List.of(values);
  }
}
