"""A libzmq XPUB/XSUB proxy like Zeek's (XPUB_VERBOSER, XPUB_NODROP), on free ports of 127.0.0.1.

Prints "proxy xpub=URL xsub=URL" once bound, then proxies until stdin closes or it is killed.
"""
import sys
import threading
import zmq

ctx = zmq.Context(2)
xpub = ctx.socket(zmq.XPUB)
xsub = ctx.socket(zmq.XSUB)
xpub.setsockopt(zmq.XPUB_VERBOSER, 1)
xpub.setsockopt(zmq.XPUB_NODROP, 1)
xpub.setsockopt(zmq.LINGER, 0)
xsub.setsockopt(zmq.LINGER, 0)
xpub.bind("tcp://127.0.0.1:*")
xsub.bind("tcp://127.0.0.1:*")
print("proxy xpub=%s xsub=%s" % (xpub.getsockopt_string(zmq.LAST_ENDPOINT), xsub.getsockopt_string(zmq.LAST_ENDPOINT)), flush=True)


def watch_stdin():
    sys.stdin.read()
    ctx.term()


threading.Thread(target=watch_stdin, daemon=True).start()
try:
    zmq.proxy(xsub, xpub)
except zmq.ContextTerminated:
    pass
finally:
    xpub.close()
    xsub.close()
