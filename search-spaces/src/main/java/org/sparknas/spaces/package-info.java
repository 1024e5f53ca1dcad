/**
 * The concrete search spaces and their registry: NAS-Bench-201 ({@code nb201}) and the DARTS cell
 * space ({@code darts}), each with its op set, canonical architecture strings and network description;
 * and the block-wise BossNAS spaces ({@code hytra}, {@code mbconv}, {@code nats-size}), for now as
 * space models (rules, candidate sets, sampling, strings, geometry) without a network description.
 */
package org.sparknas.spaces;
