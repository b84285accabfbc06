"""A Zeek WebSocket API client written with python3-websockets, driven by PythonWebSocketTest.

Usage: websocket_client.py URL N_PUBLISH N_RECEIVE
Prints one line per step on stdout: ack, error, ready, got, closed.
"""
import asyncio
import json
import sys

import websockets


def count(n):
    return {"@data-type": "count", "data": n}


def event(topic, name, args):
    return {"type": "data-message", "topic": topic, "@data-type": "vector",
            "data": [count(1), count(1), {"@data-type": "vector", "data": [
                {"@data-type": "string", "data": name}, {"@data-type": "vector", "data": args}]}]}


async def main(url, n_publish, n_receive):
    async with websockets.connect(url, extra_headers={"X-Application-Name": "python-it"}) as ws:
        await ws.send(json.dumps(["/py/"]))
        ack = json.loads(await ws.recv())
        print("ack", ack["type"], ack["endpoint"], ack["version"], flush=True)
        for i in range(n_publish):
            await ws.send(json.dumps(event("/jvm/from_py", "Test::ping", [count(i)])))
        await ws.send("not json")
        err = json.loads(await ws.recv())
        print("error", err["code"], err["context"], flush=True)
        print("ready", flush=True)
        for _ in range(n_receive):
            msg = json.loads(await ws.recv())
            ev = msg["data"][2]["data"]
            print("got", msg["topic"], ev[0]["data"], ev[1]["data"][0]["data"], flush=True)
        await ws.close()
        print("closed", ws.close_code, flush=True)


asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
