package org.sparknas.spark.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import org.sparknas.core.data.DataSettings;
import org.sparknas.core.data.DataSource;
import org.sparknas.core.data.Datasets;
import org.sparknas.spark.session.HadoopConfs;

/**
 * Sends a {@link DataSource} that was loaded from settings as those settings alone (a few hundred
 * bytes); the receiving JVM resolves them through {@link Datasets#cached}, reading the files from their
 * Hadoop URI itself, once. A source built from arrays in memory has nothing to reload from and
 * travels whole, component by component.
 * <pre>{@code
 * kryo.register(DataSource.class, new DataSourceSerializer());
 * }</pre>
 */
public final class DataSourceSerializer extends Serializer<DataSource> {
  private final RecordSerializer whole = new RecordSerializer(DataSource.class);

  @Override
  public void write(Kryo kryo, Output output, DataSource source) {
    boolean byReference = source.settings() != null;
    output.writeBoolean(byReference);
    if (byReference) {
      kryo.writeObject(output, source.settings());
    } else {
      whole.write(kryo, output, source);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public DataSource read(Kryo kryo, Input input, Class<DataSource> type) {
    if (input.readBoolean()) {
      return Datasets.cached(kryo.readObject(input, DataSettings.class), HadoopConfs::current);
    }
    return (DataSource) whole.read(kryo, input, (Class<Record>) (Class<?>) type);
  }
}
