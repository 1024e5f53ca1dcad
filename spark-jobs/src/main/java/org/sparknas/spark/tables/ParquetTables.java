package org.sparknas.spark.tables;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknas.core.report.ColumnType;
import org.sparknas.core.report.RunDirectory;
import org.sparknas.core.report.Table;

/**
 * Writes tables as Parquet to {@code tables/<name>/} of a run directory that is still in progress, so
 * they are committed with the run. Each table is one small file (they hold tens to thousands of rows).
 * <pre>{@code
 * ParquetTables.write(spark, dir, RunTables.of(result, epochRows));
 * }</pre>
 * The write is a Spark job, so its tasks run on executors: on a cluster the output must be a filesystem
 * every node shares (HDFS, S3), as it should be for the rest of the run directory too.
 */
public final class ParquetTables {
  private static final Logger LOG = LoggerFactory.getLogger(ParquetTables.class);
  public static final String DIRECTORY = "tables";

  private ParquetTables() {}

  public static void write(SparkSession spark, RunDirectory dir, List<Table> tables) {
    String description = spark.sparkContext().getLocalProperty("spark.job.description");
    try {
      for (Table table : tables) {
        spark.sparkContext().setJobDescription(DIRECTORY + "/" + table.name()); // the job's name in the Spark UI
        write(spark, dir, table);
      }
    } finally {
      spark.sparkContext().setJobDescription(description);
    }
  }

  private static void write(SparkSession spark, RunDirectory dir, Table table) {
    URI at = dir.location(DIRECTORY + "/" + table.name());
    if ("file".equals(at.getScheme()) && !spark.sparkContext().isLocal()) {
      LOG.warn("writing table {} to the local path {} from the executors of {}: it is complete only if every "
          + "node sees that path (set nas.output to an hdfs:// URI on a cluster)", table.name(), at,
          spark.sparkContext().master());
    }
    List<Row> rows = new ArrayList<>(table.rows().size());
    table.rows().forEach(r -> rows.add(RowFactory.create(r.toArray())));
    spark.createDataFrame(rows, schema(table)).coalesce(1).write().mode(SaveMode.Overwrite).parquet(at.toString());
  }

  /** The Spark schema of a table: every column nullable. */
  static StructType schema(Table table) {
    List<StructField> fields = new ArrayList<>();
    for (Table.Column c : table.columns()) {
      fields.add(DataTypes.createStructField(c.name(), sparkType(c.type()), true));
    }
    return DataTypes.createStructType(fields);
  }

  static DataType sparkType(ColumnType type) {
    if (type instanceof ColumnType.ListOf l) {
      return DataTypes.createArrayType(sparkType(l.element()), true);
    }
    if (type instanceof ColumnType.MapOf m) {
      return DataTypes.createMapType(DataTypes.StringType, sparkType(m.value()), true);
    }
    return switch ((ColumnType.Scalar) type) {
      case STRING -> DataTypes.StringType;
      case LONG -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
      case BOOLEAN -> DataTypes.BooleanType;
    };
  }
}
