"""A minimal Zeek-style ZeroMQ node on libzmq (pyzmq), for interop tests.

Usage: libzmq_node.py PROXY_XPUB PROXY_XSUB NODE_ID SUBSCRIBE WAIT_FOR PUBLISH_TOPIC PAYLOAD_HEX

Subscribes SUBSCRIBE (0x01 + prefix on its XSUB), waits until WAIT_FOR shows up on its XPUB
(XPUB_VERBOSE), publishes [PUBLISH_TOPIC][NODE_ID][broker-bin-v1][payload], prints "sent", then
prints "got <hex frame> ..." for the first 4-frame event it receives, and exits.
"""
import sys
import zmq

proxy_xpub, proxy_xsub, node_id, subscribe, wait_for, topic, payload_hex = sys.argv[1:8]
ctx = zmq.Context()
xsub = ctx.socket(zmq.XSUB)
xpub = ctx.socket(zmq.XPUB)
xpub.setsockopt(zmq.XPUB_VERBOSE, 1)
xpub.setsockopt(zmq.XPUB_NODROP, 1)
for s in (xsub, xpub):
    s.setsockopt(zmq.LINGER, 2000)
xsub.connect(proxy_xpub)
xpub.connect(proxy_xsub)
xsub.send(b"\x01" + subscribe.encode())

poller = zmq.Poller()
poller.register(xpub, zmq.POLLIN)
want = b"\x01" + wait_for.encode()
while True:
    if not poller.poll(20000):
        print("timeout waiting for subscription", flush=True)
        sys.exit(2)
    frame = xpub.recv()
    if frame == want:
        break
xpub.send_multipart([topic.encode(), node_id.encode(), b"broker-bin-v1", bytes.fromhex(payload_hex)])
print("sent", flush=True)

poller = zmq.Poller()
poller.register(xsub, zmq.POLLIN)
while True:
    if not poller.poll(20000):
        print("timeout waiting for an event", flush=True)
        sys.exit(3)
    frames = xsub.recv_multipart()
    if len(frames) == 4:
        print("got " + " ".join(f.hex() for f in frames), flush=True)
        break
xsub.close()
xpub.close()
ctx.term()
