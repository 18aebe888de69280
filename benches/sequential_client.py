#!/usr/bin/env python3
"""Sends N GET requests one after another on one keep-alive connection to 127.0.0.1:PORT and
fails unless each is answered 200. Used by instructions.sh, where the count must not depend
on timing.

    sequential_client.py PORT PATH N [SESSION_COOKIE]
"""
import http.client
import sys

port, path, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
headers = {"Host": "bench.localhost"}
if len(sys.argv) > 4 and sys.argv[4]:
    headers["Cookie"] = "portcullis_session=" + sys.argv[4]
conn = http.client.HTTPConnection("127.0.0.1", port)
for _ in range(n):
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    if response.status != 200:
        sys.exit(f"sequential_client.py: {path} answered {response.status}")
