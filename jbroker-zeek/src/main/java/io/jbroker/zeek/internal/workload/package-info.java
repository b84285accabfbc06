/**
 * The benchmark workload of upstream's {@code broker-throughput} tool, for {@code jbroker bench}
 * and the benchmarks module. Not API: this package is not exported by the module.
 */
package io.jbroker.zeek.internal.workload;
