"""The pathological requests of scripts/pathological-requests.sh against a running server.

    pathological_requests.py BASE PID EDITOR_TOKEN [--vertices N] [--clients N]
        [--idle-connections N] [--slow-clients N] [--idle-timeout S] [--body-timeout S]
        [--memory-bound-mb MB] [--request-bound S]

Each case prints what was sent, what the client got (status and time, or that the server closed
the connection) and the server's resident memory before, at its peak (sampled every 20 ms from
/proc/PID/status) and after. Exits 1 when the server dies, answers 5xx (but a deliberate 503
busy), when its memory grows more than --memory-bound-mb above what it was before a case, or
when a request is neither answered nor closed within its bound.
"""
import argparse
import http.client
import json
import resource
import socket
import sys
import threading
import time
from urllib.parse import urlsplit

parser = argparse.ArgumentParser()
parser.add_argument("base")
parser.add_argument("pid", type=int)
parser.add_argument("editor_token")
parser.add_argument("--vertices", type=int, default=1_000_000)
parser.add_argument("--clients", type=int, default=50)
parser.add_argument("--idle-connections", type=int, default=10_000)
parser.add_argument("--slow-clients", type=int, default=20)
parser.add_argument("--idle-timeout", type=float, default=30)
parser.add_argument("--body-timeout", type=float, default=30)
parser.add_argument("--memory-bound-mb", type=float, default=1024)
parser.add_argument("--request-bound", type=float, default=120)
args = parser.parse_args()
url = urlsplit(args.base)
HOST, PORT = url.hostname, url.port
failures = []


def fail(message):
    failures.append(message)
    print(f"  FAIL: {message}")


def memory(field):
    try:
        with open(f"/proc/{args.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) // 1024
    except FileNotFoundError:
        return None
    return None


class MemoryWatch:
    """The server's RSS before, at its peak during, and after a case (MB)."""

    def __enter__(self):
        self.before = memory("VmRSS")
        self.peak = self.before or 0
        self.running = True
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.thread.start()
        return self

    def sample(self):
        while self.running:
            rss = memory("VmRSS")
            if rss is None:
                return
            self.peak = max(self.peak, rss)
            time.sleep(0.02)

    def __exit__(self, *exc):
        time.sleep(0.5)
        self.running = False
        self.thread.join()
        self.after = memory("VmRSS")
        print(f"  server RSS: before {self.before} MB, peak {self.peak} MB, after {self.after} MB")
        if self.after is None:
            fail("the server died")
        elif self.before is not None and self.peak - self.before > args.memory_bound_mb:
            fail(f"memory grew by {self.peak - self.before} MB, more than the bound of {args.memory_bound_mb:.0f} MB")
        return False


def alive():
    """The server answers /health within 10 s."""
    try:
        connection = http.client.HTTPConnection(HOST, PORT, timeout=10)
        connection.request("GET", "/health")
        return connection.getresponse().status == 200
    except OSError:
        return False


def read_response(sock, bound):
    """(status or None, seconds, closed) for what the server sends back on `sock` within `bound` s."""
    start = time.monotonic()
    sock.settimeout(bound)
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except socket.timeout:
        return None, time.monotonic() - start, False
    except (ConnectionResetError, BrokenPipeError):
        return None, time.monotonic() - start, True
    seconds = time.monotonic() - start
    if not data:
        return None, seconds, True
    status = int(data.split(b" ", 2)[1])
    return status, seconds, b"connection: close" in data.lower()


def expect_status(status, allowed, what):
    if status is not None and status >= 500 and status != 503:
        fail(f"{what}: {status}")
    elif status is not None and status not in allowed:
        fail(f"{what}: {status}, expected one of {sorted(allowed)}")


def post_head(path, length=None, chunked=False, token=True, extra=""):
    head = f"POST {path} HTTP/1.1\r\nHost: {HOST}:{PORT}\r\nContent-Type: application/json\r\n"
    if token:
        head += f"Authorization: Bearer {args.editor_token}\r\n"
    if length is not None:
        head += f"Content-Length: {length}\r\n"
    if chunked:
        head += "Transfer-Encoding: chunked\r\n"
    return (head + extra + "\r\n").encode()


def send_body(sock, body, chunk_size=1 << 16, chunked=False):
    """Sends `body` until the server stops reading; the bytes it took."""
    sent = 0
    try:
        for i in range(0, len(body), chunk_size):
            part = body[i : i + chunk_size]
            sock.sendall(b"%x\r\n%s\r\n" % (len(part), part) if chunked else part)
            sent += len(part)
        if chunked:
            sock.sendall(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError, socket.timeout):
        pass
    return sent


def case(title):
    print(f"\n== {title}")


def raw_post(path, body, declared=True, token=True, length=None):
    """Sends a POST with `body` (its Content-Length declared, `length` if given, or chunked) as
    fast as the server takes it: (status, seconds, closed, bytes sent before it stopped reading)."""
    sock = socket.create_connection((HOST, PORT))
    sock.settimeout(args.request_bound)
    sock.sendall(post_head(path, length=(length or len(body)) if declared else None, chunked=not declared, token=token))
    start = time.monotonic()
    sent = send_body(sock, body, chunked=not declared)
    status, _, closed = read_response(sock, args.request_bound)
    sock.close()
    return status, time.monotonic() - start, closed, sent


# 1. Oversized bodies.
case("oversized bodies (the limit is 64 KB)")
with MemoryWatch():
    for what, path, body, length, token, allowed in [
        # A declared gigabyte (4 MB of it sent): refused from its headers.
        ("POST inspections, Content-Length 1 GB (4 MB of it sent)", "/sources/GD0000001/inspections", b" " * (4 << 20), 1 << 30, True, {413}),
        # 32 MB chunked, no length: refused once 64 KB have come, and the connection closed.
        ("POST /analytics/routes, 32 MB chunked", "/analytics/routes", b"[" * (32 << 20), None, True, {413}),
        # 16 MB chunked without a token: 401 at once, and the rest not read.
        ("POST inspections without a token, 16 MB chunked", "/sources/GD0000001/inspections", b"x" * (16 << 20), None, False, {401}),
    ]:
        status, seconds, closed, sent = raw_post(path, body, declared=length is not None, token=token, length=length)
        print(f"  {what}: {status} after {seconds:.3f} s, closed: {closed} (sent before the close: {sent >> 10:,} KB)")
        expect_status(status, allowed, what)

# 2. Deeply nested JSON, within the size limit.
case("deeply nested JSON (a 64 KB body of 32,000 nested arrays)")
with MemoryWatch():
    depth = 32_000
    for path, levels, body in [
        ("/sources/GD0000001/inspections", depth, b'{"date":' + b"[" * depth + b"]" * depth + b"}"),
        ("/analytics/routes", depth, b'{"stops":' + b"[" * depth + b"]" * depth + b"}"),
        ("/analytics/routes", depth // 3, b'{"area":' + b'{"a":' * (depth // 3) + b"1" + b"}" * (depth // 3) + b"}"),
    ]:
        connection = http.client.HTTPConnection(HOST, PORT, timeout=args.request_bound)
        start = time.monotonic()
        connection.request("POST", path, body=body, headers={"Authorization": f"Bearer {args.editor_token}", "Content-Type": "application/json"})
        response = connection.getresponse()
        document = response.read()
        seconds = time.monotonic() - start
        print(f"  POST {path}, {len(body)} bytes nested {levels:,} deep: {response.status} in {seconds:.3f} s, {response.getheader('Content-Type')}")
        expect_status(response.status, {400, 413}, f"nested JSON to {path}")
        if response.getheader("Content-Type") != "application/problem+json":
            fail(f"nested JSON to {path}: not a problem document")
        connection.close()
    if not alive():
        fail("the server does not answer after the nested JSON")

# 3. A polygon of a million vertices: no endpoint takes a geometry; the route plan's body is the
# one that takes places (an area code, stops), so the polygon goes there.
case(f"a polygon of {args.vertices:,} vertices as a route plan's area")
with MemoryWatch():
    ring = ",".join(f"[{113 + (i % 1000) * 1e-4:.6f},{23 + (i // 1000) * 1e-4:.6f}]" for i in range(args.vertices))
    body = ('{"area":{"type":"Polygon","coordinates":[[' + ring + "]]},\"teams\":2}").encode()
    for declared in (True, False):
        status, seconds, closed, sent = raw_post("/analytics/routes", body, declared=declared)
        print(f"  POST /analytics/routes, {len(body) / 1e6:.1f} MB {'with its Content-Length' if declared else 'chunked'}: {status} after {seconds:.3f} s, closed: {closed} (sent before the close: {sent >> 10:,} KB)")
        expect_status(status, {413}, "the million-vertex polygon")

# 4. The world's bbox, 10,000 features a page, 50 clients at once.
case(f"bbox=-180,-90,180,90&limit=10000 from {args.clients} clients at once (each another offset)")
results = []


def world_page(k):
    start = time.monotonic()
    try:
        connection = http.client.HTTPConnection(HOST, PORT, timeout=args.request_bound)
        connection.request("GET", f"/collections/sources/items?bbox=-180,-90,180,90&limit=10000&offset={k * 10000}")
        response = connection.getresponse()
        size = len(response.read())
        results.append((response.status, time.monotonic() - start, size))
    except OSError as error:
        results.append((None, time.monotonic() - start, str(error)))


with MemoryWatch():
    threads = [threading.Thread(target=world_page, args=(k,)) for k in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(args.request_bound + 10)
    statuses = {}
    for status, _, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    times = sorted(r[1] for r in results)
    megabytes = sum(r[2] for r in results if isinstance(r[2], int)) / 1e6
    print(f"  {len(results)} answered: {statuses}; {megabytes:.0f} MB sent; time min {times[0]:.2f} s, median {times[len(times) // 2]:.2f} s, max {times[-1]:.2f} s")
    for status, seconds, size in results:
        if status is None:
            fail(f"a world page got no answer in {seconds:.1f} s: {size}")
        else:
            expect_status(status, {200, 503}, "a world page")
    if len(results) < args.clients:
        fail(f"{args.clients - len(results)} world pages did not finish within {args.request_bound} s")

# 5. Slow clients: headers a byte a second, and a body a byte a second.
case(f"{args.slow_clients} clients sending their headers a byte a second, {args.slow_clients} their body (idle timeout {args.idle_timeout:g} s, body timeout {args.body_timeout:g} s)")
slow = []


def slow_client(kind):
    sock = socket.create_connection((HOST, PORT))
    start = time.monotonic()
    if kind == "headers":
        payload = b"GET /collections/sources/items?limit=1 HTTP/1.1\r\nHost: x\r\n" + b"X-Slow: " + b"a" * 1000 + b"\r\n\r\n"
    else:
        sock.sendall(post_head("/sources/GD0000001/inspections", length=1000))
        payload = b" " * 1000
    status, closed = None, False
    sock.settimeout(1)
    for byte in payload:
        try:
            sock.sendall(bytes([byte]))
        except (BrokenPipeError, ConnectionResetError):
            closed = True
            break
        try:
            data = sock.recv(65536)
            if not data:
                closed = True
                break
            status = int(data.split(b" ", 2)[1])
            closed = b"connection: close" in data.lower()
            try:
                closed = closed and sock.recv(65536) == b""
            except OSError:
                closed = True
            break
        except socket.timeout:
            pass
        except ConnectionResetError:
            closed = True
            break
        if time.monotonic() - start > max(args.idle_timeout, args.body_timeout) + args.request_bound:
            break
    slow.append((kind, status, closed, time.monotonic() - start))
    sock.close()


with MemoryWatch():
    threads = [threading.Thread(target=slow_client, args=(kind,)) for kind in ("headers", "body") for _ in range(args.slow_clients)]
    for t in threads:
        t.start()
    time.sleep(1)
    start = time.monotonic()
    ok = alive()
    print(f"  meanwhile /health: {'answered' if ok else 'NOT answered'} in {time.monotonic() - start:.3f} s")
    if not ok:
        fail("the server does not answer others while slow clients are connected")
    for t in threads:
        t.join()
    for kind, bound in (("headers", args.idle_timeout), ("body", args.body_timeout)):
        mine = [s for s in slow if s[0] == kind]
        statuses = sorted({str(s[1]) for s in mine})
        longest = max(s[3] for s in mine)
        print(f"  {kind} a byte a second: {len(mine)} clients, answered {', '.join(statuses)}, closed by the server: {sum(s[2] for s in mine)}, longest {longest:.1f} s")
        for _, status, closed, seconds in mine:
            expect_status(status, {408} if kind == "body" else {400, 408}, f"a slow {kind} client")
            if not closed:
                fail(f"a slow {kind} client was not closed by the server")
            if seconds > bound + 10:
                fail(f"a slow {kind} client was held {seconds:.1f} s, beyond {bound:g} s + 10 s")

# 6. Idle connections.
case(f"{args.idle_connections:,} idle connections")
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
with MemoryWatch():
    sockets = []
    start = time.monotonic()
    refused = 0
    for _ in range(args.idle_connections):
        try:
            s = socket.socket()
            s.settimeout(10)
            s.connect((HOST, PORT))
            sockets.append(s)
        except OSError:
            refused += 1
    opened = time.monotonic() - start
    print(f"  {len(sockets):,} opened in {opened:.1f} s ({refused} refused by the client's system), server RSS {memory('VmRSS')} MB")
    start = time.monotonic()
    ok = alive()
    print(f"  meanwhile /health: {'answered' if ok else 'NOT answered'} in {time.monotonic() - start:.3f} s")
    if not ok:
        fail("the server does not answer others while idle connections are open")
    # Each is closed by the server the idle timeout after it was opened: wait for the last one.
    deadline = time.monotonic() + args.idle_timeout + 10
    open_ones = list(sockets)
    while open_ones and time.monotonic() < deadline:
        time.sleep(1)
        still = []
        for s in open_ones:
            s.setblocking(False)
            try:
                if s.recv(1) != b"":
                    still.append(s)
            except BlockingIOError:
                still.append(s)
            except OSError:
                pass
        open_ones = still
    waited = time.monotonic() - start
    print(f"  {len(sockets) - len(open_ones):,} of {len(sockets):,} closed by the server within {waited:.1f} s of the last opening (idle timeout {args.idle_timeout:g} s)")
    if open_ones:
        fail(f"{len(open_ones)} idle connections still open {args.idle_timeout:g} s + 10 s after the last was opened")
    for s in sockets:
        s.close()
resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))

print(f"\nserver peak RSS over every case (VmHWM): {memory('VmHWM')} MB")
if not alive():
    fail("the server does not answer at the end")
if failures:
    print(f"FAILED: {len(failures)} problems")
    sys.exit(1)
print("every pathological request got a clear answer or was closed in time; the server stayed up and bounded")
