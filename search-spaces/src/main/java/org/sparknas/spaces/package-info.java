/**
 * The concrete search spaces and their registry: NAS-Bench-201 ({@code nb201}) and the DARTS cell
 * space ({@code darts}), each with its op set, canonical architecture strings and SameDiff network.
 */
package org.sparknas.spaces;
