/**
 * The benchmarks: {@link org.phirecords.bench.BenchRun} loads synthetic data and drives the secured
 * module and its two baselines at fixed concurrency; results go to {@code results/}.
 */
package org.phirecords.bench;
