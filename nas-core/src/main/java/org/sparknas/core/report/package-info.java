/**
 * What a search leaves behind: the result model, its JSON form, plots and cell diagrams, and the
 * {@link org.sparknas.core.report.RunDirectory} they are written into. A run directory lives on any
 * Hadoop filesystem ({@code file:}, {@code hdfs:}, ...), is written under a temporary name and appears
 * under its final name, with {@code _SUCCESS} as its last file, only when the run commits.
 */
package org.sparknas.core.report;
