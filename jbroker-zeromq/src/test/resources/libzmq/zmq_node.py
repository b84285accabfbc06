#!/usr/bin/python3
"""libzmq cluster node shaped like a Zeek ZeroMQ node (test harness for jbroker).

Connects its XSUB to the proxy's XPUB and its XPUB to the proxy's XSUB with Zeek's node options
(XSUB: RCVHWM 1000; XPUB: XPUB_NODROP=1, XPUB_VERBOSE=1, SNDHWM 1000, LINGER 500), like
ZeroMQBackend::DoInit(). It never interprets payloads: frames are hex on both sides.

argv:  --connect-xsub URL   proxy XPUB (Zeek's connect_xsub_endpoint)      required
       --connect-xpub URL   proxy XSUB (Zeek's connect_xpub_endpoint)      required
       --sub HEX            subscribe at start (repeatable; "" = everything)
       --xsub-rcvhwm N --xpub-sndhwm N   (default 1000 each, Zeek's)
       --no-print           count received data messages but print no "message" lines (bulk tests)
       --curve-server-public Z85 --curve-public Z85 --curve-secret Z85   CURVE client on both
stdin (one command per line; every command is answered by an "ok" line after it was done):
       sub [HEX]            send 0x01+prefix on the XSUB (no HEX = empty prefix = everything)
       unsub [HEX]          send 0x00+prefix on the XSUB
       pub HEX HEX ...      publish one multipart message on the XPUB, frames as hex, with
                            DONTWAIT as Zeek does (an EAGAIN is reported as "sent":false)
       rawsub HEX           send one raw frame on the XSUB (any bytes, for bad-input tests)
       pubn N HEX HEX ...   publish the same multipart message N times (DONTWAIT); the "ok" line
                            has "sent" (true if all were taken) and "taken" (how many were)
       stats                the "ok" line has "received" (data messages) and "bytes" (their frames' bytes)
       close                close both sockets (linger 0) and exit
       end of input         exit
stdout (one JSON object per line, flushed):
       {"event":"ready","pid":N}
       {"event":"message","frames":[HEX,...]}                     every multipart message on the XSUB
       {"event":"subscription","kind":"subscribe"|"unsubscribe"|"other","frame":HEX,"topic":HEX}
                                                                  every message seen on the XPUB
       {"event":"ok","cmd":CMD,"sent":true|false[,"taken":N][,"received":N,"bytes":N]}
       {"event":"error","cmd":CMD,"error":TEXT}
Pass keys as --option=KEY: a Z85 key may start with "-".
"""
import argparse, json, os, sys
import zmq

ap = argparse.ArgumentParser()
ap.add_argument("--connect-xsub", required=True)
ap.add_argument("--connect-xpub", required=True)
ap.add_argument("--sub", action="append", default=[])
ap.add_argument("--xsub-rcvhwm", type=int, default=1000)
ap.add_argument("--xpub-sndhwm", type=int, default=1000)
ap.add_argument("--no-print", action="store_true")
ap.add_argument("--curve-server-public", default="")
ap.add_argument("--curve-public", default="")
ap.add_argument("--curve-secret", default="")
a = ap.parse_args()

def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()

ctx = zmq.Context()
xsub = ctx.socket(zmq.XSUB)
xpub = ctx.socket(zmq.XPUB)
xsub.setsockopt(zmq.RCVHWM, a.xsub_rcvhwm)
xpub.setsockopt(zmq.XPUB_NODROP, 1)
xpub.setsockopt(zmq.XPUB_VERBOSE, 1)
xpub.setsockopt(zmq.SNDHWM, a.xpub_sndhwm)
xpub.setsockopt(zmq.LINGER, 500)
if a.curve_server_public:
    for s in (xsub, xpub):
        s.setsockopt(zmq.CURVE_SERVERKEY, a.curve_server_public.encode())
        s.setsockopt(zmq.CURVE_PUBLICKEY, a.curve_public.encode())
        s.setsockopt(zmq.CURVE_SECRETKEY, a.curve_secret.encode())
xsub.connect(a.connect_xsub)
xpub.connect(a.connect_xpub)
for h in a.sub:
    xsub.send(b"\x01" + bytes.fromhex(h))
emit({"event": "ready", "pid": os.getpid()})

def command(line):
    parts = line.split()
    if not parts:
        return True
    cmd, args = parts[0], parts[1:]
    try:
        sent = True
        extra = {}
        if cmd == "sub":
            xsub.send(b"\x01" + (bytes.fromhex(args[0]) if args else b""))
        elif cmd == "unsub":
            xsub.send(b"\x00" + (bytes.fromhex(args[0]) if args else b""))
        elif cmd == "rawsub":
            xsub.send(bytes.fromhex(args[0]) if args else b"")
        elif cmd == "pub":
            frames = [bytes.fromhex(h) for h in args]
            try:
                xpub.send_multipart(frames, flags=zmq.DONTWAIT)
            except zmq.Again:
                sent = False
        elif cmd == "pubn":
            n = int(args[0])
            frames = [bytes.fromhex(h) for h in args[1:]]
            taken = 0
            for _ in range(n):
                try:
                    xpub.send_multipart(frames, flags=zmq.DONTWAIT)
                    taken += 1
                except zmq.Again:
                    pass
            sent = taken == n
            extra = {"taken": taken}
        elif cmd == "stats":
            extra = {"received": counts[0], "bytes": counts[1]}
        elif cmd == "close":
            xsub.close(linger=0)
            xpub.close(linger=0)
            emit({"event": "ok", "cmd": cmd, "sent": True})
            return False
        else:
            raise ValueError("unknown command")
        ok = {"event": "ok", "cmd": cmd, "sent": sent}
        ok.update(extra)
        emit(ok)
    except Exception as e:  # report, keep running
        emit({"event": "error", "cmd": cmd, "error": str(e)})
    return True

poller = zmq.Poller()
poller.register(xsub, zmq.POLLIN)
poller.register(xpub, zmq.POLLIN)
stdin_fd = sys.stdin.fileno()
poller.register(stdin_fd, zmq.POLLIN)
buf = b""
counts = [0, 0]
running = True
while running:
    for sock, _ in poller.poll():
        if sock is xsub:
            for _ in range(100):  # bounded, as Zeek's poll_max_messages, so stdin is never starved
                try:
                    frames = xsub.recv_multipart(flags=zmq.DONTWAIT)
                except zmq.Again:
                    break
                counts[0] += 1
                counts[1] += sum(len(f) for f in frames)
                if not a.no_print:
                    emit({"event": "message", "frames": [f.hex() for f in frames]})
        elif sock is xpub:
            for _ in range(100):
                try:
                    frames = xpub.recv_multipart(flags=zmq.DONTWAIT)
                except zmq.Again:
                    break
                f = frames[0]
                kind = "other"
                if len(frames) == 1 and len(f) > 0 and f[0] == 1:
                    kind = "subscribe"
                elif len(frames) == 1 and len(f) > 0 and f[0] == 0:
                    kind = "unsubscribe"
                emit({"event": "subscription", "kind": kind, "frame": b"".join(frames).hex(),
                      "topic": f[1:].hex() if kind != "other" else ""})
        elif sock == stdin_fd:
            chunk = os.read(stdin_fd, 65536)
            if not chunk:
                running = False
                break
            buf += chunk
            while running and b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                running = command(line.decode())
os._exit(0)
