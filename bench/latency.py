#!/usr/bin/env python3
"""A TCP proxy on loopback that delays each direction by a fixed time: a
network's latency, simulated, between a client and the benchmark's
PostgreSQL server (bench/run --engine postgresql --latency 0.5ms; a 0.5 ms
delay each way is a 1 ms round trip).

    latency.py DELAY_SECONDS UNIX_SOCKET_PATH

listens on a free port of 127.0.0.1, prints it on stdout, and forwards
each connection to the server's unix socket. Every chunk read from either
side is written to the other DELAY later, in order (a thread per direction
reads, another writes at the chunk's time: a slow writer never delays the
reader's clock). It runs until killed.
"""

import collections
import socket
import sys
import threading
import time


def pipe(src, dst, delay):
    queue = collections.deque()
    ready = threading.Condition()
    done = []

    def read():
        while True:
            try:
                data = src.recv(65536)
            except OSError:
                data = b""
            with ready:
                queue.append((time.perf_counter() + delay, data))
                ready.notify()
            if not data:
                return

    def write():
        while True:
            with ready:
                while not queue:
                    ready.wait()
                due, data = queue.popleft()
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            if not data:
                try:
                    dst.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                done.append(True)
                return
            try:
                dst.sendall(data)
            except OSError:
                return

    threading.Thread(target=read, daemon=True).start()
    threading.Thread(target=write, daemon=True).start()


def main():
    delay = float(sys.argv[1])
    path = sys.argv[2]
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    print(listener.getsockname()[1], flush=True)
    while True:
        client, _ = listener.accept()
        client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            server.connect(path)
        except OSError:
            client.close()
            continue
        pipe(client, server, delay)
        pipe(server, client, delay)


if __name__ == "__main__":
    main()
