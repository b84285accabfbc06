#!/usr/bin/python3
"""libzmq (pyzmq) on either side of the ZeroMQ benchmark, carrying the bytes jbroker's bench sends.

  pyzmq_pubsub.py pub PROXY_XSUB FRAMES DURATION   an XPUB connected to the proxy's XSUB (as a Zeek
      node), XPUB_NODROP (it waits at the high-water mark: lossless); waits for a subscription to
      the bench topic, then sends the 4 frames [topic][node id][broker-bin-v1][payload] of FRAMES
      (written by `JeroMqThroughput frames TYPE FILE`) for DURATION seconds, cycling the payloads.
  pyzmq_pubsub.py sub PROXY_XPUB DURATION          a SUB on the proxy's XPUB subscribed to the bench
      topic; counts 4-frame messages for DURATION seconds.

Both print `rate: N msg/s` every second and end with `summary: sent|received=N rate=R mb_per_s=M`,
the rate and MB/s being medians over the seconds with traffic without the first and the last of
them, as JeroMqThroughput's summary. Needs Debian's python3-zmq (for /usr/bin/python3).
"""
import statistics
import struct
import sys
import time

import zmq


def read_frames(path):
    with open(path, "rb") as f:
        data = f.read()
    items, at = [], 0
    while at < len(data):
        (n,) = struct.unpack_from(">I", data, at)
        items.append(data[at + 4:at + 4 + n])
        at += 4 + n
    return items[0], items[1], items[2], items[3:]


class Meter:
    def __init__(self):
        self.count = 0
        self.bytes = 0
        self.seconds = []  # (messages, bytes) per second
        self.last = (0, 0)
        self.tick = time.monotonic() + 1

    def maybe_report(self, now):
        if now < self.tick:
            return
        self.tick += 1
        m, b = self.count - self.last[0], self.bytes - self.last[1]
        self.last = (self.count, self.bytes)
        self.seconds.append((m, b))
        print(f"rate: {m} msg/s", flush=True)

    def summary(self, verb):
        busy = [s for s in self.seconds if s[0] > 0][1:-1] or [s for s in self.seconds if s[0] > 0]
        rate = statistics.median([s[0] for s in busy]) if busy else 0
        mb = statistics.median([s[1] for s in busy]) / 1e6 if busy else 0
        print(f"summary: {verb}={self.count} rate={rate:.0f} mb_per_s={mb:.1f}", flush=True)


def pub(url, frames_file, duration):
    topic, node_id, fmt, payloads = read_frames(frames_file)
    ctx = zmq.Context()
    s = ctx.socket(zmq.XPUB)
    s.setsockopt(zmq.XPUB_NODROP, 1)
    s.connect(url)
    while True:
        sub = s.recv()
        if sub[:1] == b"\x01" and topic.startswith(sub[1:]):
            break
    meter = Meter()
    end = time.monotonic() + duration
    fixed = len(topic) + len(node_id) + len(fmt)
    i, n = 0, len(payloads)
    send = s.send
    more = zmq.SNDMORE
    while True:
        for _ in range(256):
            p = payloads[i]
            i = (i + 1) % n
            send(topic, more)
            send(node_id, more)
            send(fmt, more)
            send(p)
            meter.count += 1
            meter.bytes += fixed + len(p)
        now = time.monotonic()
        meter.maybe_report(now)
        if now >= end:
            break
    s.setsockopt(zmq.LINGER, 30000)
    s.close()
    ctx.term()
    meter.summary("sent")


def sub(url, duration):
    ctx = zmq.Context()
    s = ctx.socket(zmq.SUB)
    s.setsockopt(zmq.SUBSCRIBE, b"/benchmark/events")
    s.setsockopt(zmq.RCVTIMEO, 100)
    s.connect(url)
    meter = Meter()
    end = time.monotonic() + duration
    while time.monotonic() < end:
        try:
            parts = s.recv_multipart(copy=True)
        except zmq.Again:
            meter.maybe_report(time.monotonic())
            continue
        if len(parts) == 4:
            meter.count += 1
            meter.bytes += sum(len(p) for p in parts)
        if (meter.count & 255) == 0:
            meter.maybe_report(time.monotonic())
    s.close(0)
    ctx.term()
    meter.summary("received")


def main(argv):
    if len(argv) == 5 and argv[1] == "pub":
        pub(argv[2], argv[3], float(argv[4]))
    elif len(argv) == 4 and argv[1] == "sub":
        sub(argv[2], float(argv[3]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
