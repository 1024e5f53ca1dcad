/**
 * Kryo registration: ND4J arrays through nd4j-kryo's serializer and the single list of classes that
 * cross the wire, so {@code spark.kryo.registrationRequired=true} can be switched on.
 */
package org.sparknas.spark.kryo;
