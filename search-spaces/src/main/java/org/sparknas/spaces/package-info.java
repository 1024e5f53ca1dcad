/**
 * The concrete search spaces and their registry: NAS-Bench-201 ({@code nb201}) and the DARTS cell
 * space ({@code darts}), each with its op set, canonical architecture strings and network description.
 */
package org.sparknas.spaces;
