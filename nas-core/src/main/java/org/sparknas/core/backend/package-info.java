/**
 * Which ND4J backend a JVM runs on, and the setting that asks for one ({@code nas.backend}): the facts
 * a run records per executor (backend, build flags such as oneDNN or cuDNN, GPUs with their compute
 * capability, CUDA driver and runtime versions), why ND4J's CUDA backend could not load where it was
 * asked for, and binding the calling thread to one GPU. Nothing here knows Spark: spark-jobs reads the
 * GPU addresses Spark assigns a task and hands them to {@link org.sparknas.core.backend.Devices}.
 */
package org.sparknas.core.backend;
