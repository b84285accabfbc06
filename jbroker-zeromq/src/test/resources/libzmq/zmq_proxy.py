#!/usr/bin/python3
"""libzmq XPUB/XSUB proxy configured like Zeek's ZeroMQ-Proxy.cc (test harness for jbroker).

Binds an XPUB and an XSUB socket (both bind, as Zeek's proxy thread does), sets on the XPUB
ZMQ_XPUB_VERBOSER=1 (or only ZMQ_XPUB_VERBOSE with --verbose-only) and ZMQ_XPUB_NODROP=1, and
joins them with zmq_proxy_steerable(frontend=xsub, backend=xpub). Context with 2 I/O threads.

argv:  --xpub URL (default tcp://127.0.0.1:*)  --xsub URL (default tcp://127.0.0.1:*)
       --verbose-only        XPUB_VERBOSE instead of XPUB_VERBOSER
       --no-nodrop           XPUB_NODROP=0
       --curve-server-secret Z85 --curve-client-public Z85   CURVE server on both sockets;
                             a ZAP handler accepts only that client public key (as Zeek's does)
stdout: one JSON object per line, flushed:
       {"event":"ready","xpub":URL,"xsub":URL,"pid":N}   once bound (actual endpoints)
       {"event":"zap","key":Z85,"status":"200"|"400"}    per CURVE handshake (with CURVE)
       {"event":"stats","stats":[...8 counters...]}      answer to the stdin line "stats"
stdin: "stats" -> statistics line; "quit" or end of input -> exit (so it never outlives its parent).
Pass keys as --option=KEY: a Z85 key may start with "-".
"""
import argparse, json, os, sys, threading
import zmq

ap = argparse.ArgumentParser()
ap.add_argument("--xpub", default="tcp://127.0.0.1:*")
ap.add_argument("--xsub", default="tcp://127.0.0.1:*")
ap.add_argument("--verbose-only", action="store_true")
ap.add_argument("--no-nodrop", action="store_true")
ap.add_argument("--curve-server-secret", default="")
ap.add_argument("--curve-client-public", default="")
a = ap.parse_args()

out_lock = threading.Lock()
def emit(obj):
    with out_lock:
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()

ctx = zmq.Context(io_threads=2)

if a.curve_server_secret:
    zap = ctx.socket(zmq.REP)
    zap.bind("inproc://zeromq.zap.01")
    def zap_loop():
        while True:
            try:
                req = zap.recv_multipart()
            except zmq.ContextTerminated:
                return
            version, seq, domain, address, identity, mechanism = req[:6]
            key = req[6] if len(req) > 6 else b""
            ok = mechanism == b"CURVE" and zmq.utils.z85.encode(key).decode() == a.curve_client_public
            status = b"200" if ok else b"400"
            zap.send_multipart([version, seq, status, b"OK" if ok else b"denied", b"0" if ok else b"", b""])
            emit({"event": "zap", "key": zmq.utils.z85.encode(key).decode() if key else "", "status": status.decode()})
    threading.Thread(target=zap_loop, daemon=True).start()

xpub = ctx.socket(zmq.XPUB)
xsub = ctx.socket(zmq.XSUB)
if a.verbose_only:
    xpub.setsockopt(zmq.XPUB_VERBOSE, 1)
else:
    xpub.setsockopt(zmq.XPUB_VERBOSER, 1)
xpub.setsockopt(zmq.XPUB_NODROP, 0 if a.no_nodrop else 1)
if a.curve_server_secret:
    for s in (xpub, xsub):
        s.setsockopt(zmq.CURVE_SERVER, 1)
        s.setsockopt(zmq.CURVE_SECRETKEY, a.curve_server_secret.encode())
xpub.bind(a.xpub)
xsub.bind(a.xsub)

control = ctx.socket(zmq.PAIR)
control.bind("inproc://proxy-control")
ctl_client = ctx.socket(zmq.PAIR)
ctl_client.connect("inproc://proxy-control")

def proxy_loop():
    try:
        zmq.proxy_steerable(xsub, xpub, None, control)
    except zmq.ZMQError:
        pass
    os._exit(0)

emit({"event": "ready", "xpub": xpub.getsockopt_string(zmq.LAST_ENDPOINT),
      "xsub": xsub.getsockopt_string(zmq.LAST_ENDPOINT), "pid": os.getpid()})
threading.Thread(target=proxy_loop, daemon=True).start()

for line in sys.stdin:
    cmd = line.strip()
    if cmd == "stats":
        ctl_client.send(b"STATISTICS")
        parts = ctl_client.recv_multipart()
        emit({"event": "stats", "stats": [int.from_bytes(p, sys.byteorder) for p in parts]})
    elif cmd == "quit":
        break
os._exit(0)
