package org.sparknas.spark.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/**
 * Kryo serializer for Java records. Spark's Kryo 4 predates records: its FieldSerializer fails with
 * "can't get field offset on a record class", so {@link NasKryoRegistrator} makes this the default for
 * every {@link Record}. It writes the components in declaration order and reads them back through the
 * canonical constructor, so a record's validation runs again on the receiving side.
 * <pre>{@code
 * kryo.addDefaultSerializer(Record.class, RecordSerializer.class);
 * kryo.register(Candidate.class);   // now serialized component by component
 * }</pre>
 */
public final class RecordSerializer extends Serializer<Record> {
  private final Method[] accessors;
  private final Constructor<?> constructor;

  public RecordSerializer(Class<?> type) {
    RecordComponent[] components = type.getRecordComponents();
    if (components == null) {
      throw new IllegalArgumentException(type.getName() + " is not a record");
    }
    accessors = Arrays.stream(components).map(RecordComponent::getAccessor).toArray(Method[]::new);
    try {
      constructor = type.getDeclaredConstructor(
          Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(type.getName() + " has no canonical constructor", e);
    }
    // records nested in other classes are often private
    constructor.setAccessible(true);
    for (Method m : accessors) {
      m.setAccessible(true);
    }
  }

  @Override
  public void write(Kryo kryo, Output output, Record record) {
    try {
      for (Method m : accessors) {
        kryo.writeClassAndObject(output, m.invoke(record));
      }
    } catch (ReflectiveOperationException e) {
      throw new KryoException("cannot read the components of " + record.getClass().getName(), e);
    }
  }

  @Override
  public Record read(Kryo kryo, Input input, Class<Record> type) {
    Object[] values = new Object[accessors.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = kryo.readClassAndObject(input);
    }
    try {
      return (Record) constructor.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new KryoException("cannot construct " + type.getName() + " from its components", e);
    }
  }
}
