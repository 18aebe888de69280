#!/usr/bin/env python3
"""Opens N keep-alive connections to a gate, makes one signed-in request on each, and keeps
them all open and idle until standard input closes or says anything: the caller reads the
gate's memory meanwhile. Prints "ready N" once every connection has had its answer.

    idle_connections.py PORT HOST SESSION_COOKIE N
"""
import asyncio
import sys


async def one(port, request, held):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    if b" 200 " not in head.split(b"\r\n", 1)[0]:
        raise SystemExit("idle_connections.py: the gate answered " + head.split(b"\r\n", 1)[0].decode())
    held.append((reader, writer))


async def main():
    port, host, session, n = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    request = f"GET /app HTTP/1.1\r\nHost: {host}\r\nCookie: portcullis_session={session}\r\n\r\n".encode()
    held = []
    for start in range(0, n, 500):
        await asyncio.gather(*(one(port, request, held) for _ in range(start, min(n, start + 500))))
    print(f"ready {len(held)}", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    for _, writer in held:
        writer.close()


asyncio.run(main())
