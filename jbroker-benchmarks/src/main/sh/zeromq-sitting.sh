#!/usr/bin/env bash
# One sitting of the ZeroMQ throughput comparison (docs/benchmarks.md, ZeroMQ): through a libzmq
# proxy (pyzmq, XPUB_VERBOSER and XPUB_NODROP), every pairing of jbroker's node, raw JeroMQ and
# libzmq (pyzmq) as sender and receiver, carrying the same 4 frames, lossless. Prints the load
# average before each run and the summary lines of both ends.
# Usage (from a checkout, after ./mvnw -B package -DskipTests): jbroker-benchmarks/src/main/sh/zeromq-sitting.sh [TYPE]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../../.."
TYPE="${1:-1}"
PY=/usr/bin/python3
P=jbroker-benchmarks/src/main/python/pyzmq_pubsub.py
B="java -cp jbroker-benchmarks/target/benchmarks.jar io.jbroker.bench.JeroMqThroughput"
XPUB=tcp://127.0.0.1:43555
XSUB=tcp://127.0.0.1:43556
FRAMES="$(mktemp)"
OUT="$(mktemp)"
$B frames "$TYPE" "$FRAMES"

$PY -c "import zmq; c = zmq.Context(); b = c.socket(zmq.XPUB); b.setsockopt(zmq.XPUB_VERBOSER, 1); b.setsockopt(zmq.XPUB_NODROP, 1); b.bind('$XPUB'); f = c.socket(zmq.XSUB); f.bind('$XSUB'); zmq.proxy(f, b)" &
PROXY=$!
trap 'kill $PROXY 2>/dev/null; rm -f "$FRAMES" "$OUT"' EXIT
sleep 1

run() { # NAME RECEIVER-COMMAND SENDER-COMMAND
  echo "== $1 (type $TYPE, load $(cut -d' ' -f1 /proc/loadavg))"
  bash -c "$2" > "$OUT" 2>&1 &
  local receiver=$!
  sleep 3
  bash -c "$3" 2>&1 | grep summary | sed 's/^/  sender   /'
  wait $receiver || true
  grep summary "$OUT" | sed 's/^/  receiver /'
}

SERVER="bin/jbroker bench server --zeromq --connect-xsub $XPUB --connect-xpub $XSUB --duration 18s"
CLIENT="bin/jbroker bench client --zeromq --connect-xsub $XPUB --connect-xpub $XSUB --type $TYPE --duration 10s"
run "jbroker node -> jbroker node" "$SERVER" "$CLIENT"
run "raw JeroMQ -> raw JeroMQ" "$B sub --connect $XPUB --duration 16" "$B pub --connect $XSUB --type $TYPE --duration 10 --nodrop true"
run "libzmq (pyzmq) -> jbroker node" "$SERVER" "$PY $P pub $XSUB $FRAMES 10"
run "libzmq (pyzmq) -> raw JeroMQ" "$B sub --connect $XPUB --duration 16" "$PY $P pub $XSUB $FRAMES 10"
run "libzmq (pyzmq) -> libzmq (pyzmq)" "$PY $P sub $XPUB 16" "$PY $P pub $XSUB $FRAMES 10"
run "jbroker node -> libzmq (pyzmq)" "$PY $P sub $XPUB 16" "$CLIENT"
run "raw JeroMQ -> libzmq (pyzmq)" "$PY $P sub $XPUB 16" "$B pub --connect $XSUB --type $TYPE --duration 10 --nodrop true"
