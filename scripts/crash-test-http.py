#!/usr/bin/env python3
"""Crash safety of the server's writes (issue 16, point 3): SIGKILL the server at random moments

    scripts/crash-test-http.py --mode upload|writes [--kills N] [--sources N] WORKDIR

during an HTTP snapshot upload (`POST /ingest/sources`, mode upload) or during a burst of field
writes from four clients (`POST /sources`, `PATCH /sources/{id}`, `POST /sources/{id}/inspections`,
mode writes). WORKDIR holds the province and its second snapshot that scripts/crash-test.sh
makes (it is run first, with --kills 0, to make them). After each kill:
  - `permitwatch check` must pass (integrity, the R*Trees against their tables, assignment,
    every status equal to the replay of its events, the schema);
  - upload: the register (count and checksum) and the history's length are exactly the old
    state's or the new state's, and the new one if the upload was acknowledged (200);
  - writes: every acknowledged write is there (its event, its note, its source, its status),
    and every field write logged is whole (as many events as its log entry says);
  - the next ingest (the CLI's, of the same snapshot) succeeds.
Prints one line per kill and a summary; exits 1 at the first violation. Standard library only.
BIN=path names the binary (default: the release build).
"""
import argparse
import hashlib
import json
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fail(message):
    """Stops the whole test, from any thread."""
    print(message, file=sys.stderr, flush=True)
    sys.stdout.flush()
    os._exit(1)


def state(path):
    """The register's count and checksum and the history's length, as crash-test.sh's."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    digest = hashlib.sha256()
    count = 0
    for row in db.execute("SELECT source_id, name, status, status_date, deadline, removed_on, lon, lat FROM sources ORDER BY source_id"):
        digest.update(repr(row).encode())
        count += 1
    events = db.execute("SELECT count(*) FROM events").fetchone()[0]
    db.close()
    return f"{count} sources {digest.hexdigest()[:16]} {events} events"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(method, url, token, body=None, key=None, content_type="application/json", timeout=120):
    headers = {"Authorization": f"Bearer {token}", "Content-Type": content_type}
    if key:
        headers["Idempotency-Key"] = key
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class Server:
    def __init__(self, binary, db, log):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [binary, "serve", "--db", db, "--port", str(self.port), "--log-level", "warning"],
            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.process.poll() is not None:
                fail(f"the server exited at start ({self.process.returncode})")
            try:
                with urllib.request.urlopen(self.base + "/health", timeout=2):
                    return
            except OSError:
                time.sleep(0.1)
        fail("the server did not start in 120 s")

    def kill(self):
        self.process.kill()
        self.process.wait()


def token(binary, db, role):
    out = subprocess.run([binary, "token", "create", "--db", db, "--name", f"crash {role}", "--role", role],
                         check=True, capture_output=True, text=True).stdout
    return next(word for word in out.split() if word.startswith("pwt_"))


def run(binary, args):
    return subprocess.run([binary] + args, capture_output=True, text=True)


def permitwatch_binary():
    """$BIN, else the release build (built first)."""
    binary = os.environ.get("BIN")
    if not binary:
        subprocess.run(["swift", "build", "-c", "release", "--product", "permitwatch"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        binary = os.path.join(subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                                             capture_output=True, text=True).stdout.strip(), "permitwatch")
    return binary


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=["upload", "writes"], required=True)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--sources", type=int, default=661494)
    parser.add_argument("work")
    options = parser.parse_args()
    binary = permitwatch_binary()
    env = dict(os.environ, BIN=binary)
    made = subprocess.run(["bash", os.path.join(ROOT, "scripts/crash-test.sh"), "--kills", "0", "--sources", str(options.sources), options.work],
                          env=env, capture_output=True, text=True)
    if made.returncode != 0:
        fail("scripts/crash-test.sh could not make the province:\n" + made.stdout + made.stderr)
    work = options.work
    base = os.path.join(work, f"base-{options.sources}.sqlite")
    snapshot = os.path.join(work, f"snapshot-{options.sources}.csv")
    # The base with a token of each role (tokens are outside the state compared).
    http_base = os.path.join(work, f"http-base-{options.sources}.sqlite")
    tokens_file = http_base + ".tokens"
    if not os.path.exists(tokens_file):
        shutil.copy(base, http_base + ".tmp")
        tokens = {role: token(binary, http_base + ".tmp", role) for role in ("editor", "admin")}
        run(binary, ["assign", "--db", http_base + ".tmp"])  # writes the WAL back into the file
        os.replace(http_base + ".tmp", http_base)
        with open(tokens_file, "w") as f:
            json.dump(tokens, f)
    tokens = json.load(open(tokens_file))
    trial = os.path.join(work, "http-trial.sqlite")

    def fresh():
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(trial + suffix):
                os.remove(trial + suffix)
        shutil.copy(http_base, trial)

    log = open(os.path.join(work, "serve.log"), "ab")
    snapshot_bytes = open(snapshot, "rb").read()
    upload_url = "/ingest/sources?as_of=2021-01-04"

    # The old state, the new state and the uninterrupted time of the work to be killed.
    fresh()
    old = state(trial)
    server = Server(binary, trial, log)
    start = time.time()
    if options.mode == "upload":
        status, body = request("POST", server.base + upload_url, tokens["admin"], snapshot_bytes, str(uuid.uuid4()), "text/csv", timeout=600)
        if status != 200:
            fail(f"the uninterrupted upload failed: {status} {body[:500]!r}")
        seconds = time.time() - start
        server.kill()
        new = state(trial)
        print(f"old state: {old}\nnew state: {new} (an uninterrupted upload: {seconds:.2f} s)")
    else:
        acknowledged = burst(server.base, tokens["editor"], trial, seconds=None, count=200)
        seconds = time.time() - start
        server.kill()
        print(f"old state: {old}\n200 field writes uninterrupted: {seconds:.2f} s ({len(acknowledged)} acknowledged)")
        verify_writes(trial, acknowledged)
    if run(binary, ["check", "--db", trial]).returncode != 0:
        fail("check failed after the uninterrupted run")

    olds = news = 0
    total_acknowledged = 0
    for k in range(1, options.kills + 1):
        fresh()
        server = Server(binary, trial, log)
        delay = random.uniform(0.05, seconds * 1.1)
        outcome = {}
        if options.mode == "upload":
            def upload():
                try:
                    outcome["status"], _ = request("POST", server.base + upload_url, tokens["admin"], snapshot_bytes, str(uuid.uuid4()), "text/csv", timeout=600)
                except OSError as error:
                    outcome["error"] = str(error)
            client = threading.Thread(target=upload)
        else:
            def writes():
                outcome["acknowledged"] = burst(server.base, tokens["editor"], trial, seconds=seconds * 2, count=None)
            client = threading.Thread(target=writes)
        client.start()
        time.sleep(delay)
        server.kill()
        client.join()
        checked = run(binary, ["check", "--db", trial])
        if checked.returncode != 0:
            fail(f"kill {k} after {delay:.3f} s: check failed\n{checked.stdout}{checked.stderr}")
        if options.mode == "upload":
            now = state(trial)
            acknowledged = outcome.get("status") == 200
            if now == old:
                which = "old"
                olds += 1
                if acknowledged:
                    fail(f"kill {k}: the upload was acknowledged but the old state is there")
            elif now == new:
                which = "new"
                news += 1
            else:
                fail(f"kill {k} after {delay:.3f} s: neither state: {now}")
            detail = f"upload {'acknowledged' if acknowledged else 'cut off'}: {which} state"
        else:
            acknowledged = outcome.get("acknowledged", [])
            verify_writes(trial, acknowledged)
            total_acknowledged += len(acknowledged)
            detail = f"{len(acknowledged)} writes acknowledged, all there, every logged write whole"
        again = run(binary, ["ingest", "sources", snapshot, "--as-of", "2021-01-04", "--db", trial])
        if again.returncode != 0:
            fail(f"kill {k}: the next ingest failed\n{again.stdout}{again.stderr}")
        if options.mode == "upload" and state(trial) != new:
            fail(f"kill {k}: the next ingest did not leave the new state")
        print(f"kill {k} after {delay:.3f} s: {detail}; check passed, the next ingest succeeded", flush=True)
    if options.mode == "upload":
        print(f"survived {options.kills} kills during an upload: {olds} left the old state, {news} the new one; every check passed and every next ingest succeeded")
    else:
        print(f"survived {options.kills} kills during write bursts: {total_acknowledged} acknowledged writes, none lost; every check passed and every next ingest succeeded")


def burst(base, token, db, seconds, count):
    """Four clients writing (inspections, status changes, new sources) until `count` writes are
    acknowledged or the server goes; returns the acknowledged writes."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = conn.execute("SELECT source_id, lon, lat FROM sources WHERE removed_on IS NULL AND status = 'unlicensed' ORDER BY random() LIMIT 400").fetchall()
    conn.close()
    acknowledged = []
    lock = threading.Lock()
    stop = threading.Event()
    sent = [0]

    def client(number):
        rng = random.Random(number * 7919 + int(time.time()))
        while not stop.is_set():
            with lock:
                if count is not None and sent[0] >= count:
                    return
                sent[0] += 1
            key = str(uuid.uuid4())
            source, lon, lat = rows[rng.randrange(len(rows))]
            kind = rng.choice(["inspection", "inspection", "status", "source"])
            if kind == "inspection":
                method, path = "POST", f"/sources/{source}/inspections"
                body = {"date": "2021-01-05", "result": "checked", "note": key}
            elif kind == "status":
                method, path = "PATCH", f"/sources/{source}"
                body = {"status": "rectifying", "effective_date": "2021-01-06", "deadline": "2021-03-01", "note": key}
            else:
                method, path = "POST", "/sources"
                body = {"name": key, "lon": lon + 0.0001, "lat": lat + 0.0001, "date": "2021-01-05"}
            try:
                status, reply = request(method, base + path, token, json.dumps(body).encode(), key, timeout=60)
            except OSError:
                return  # the server is gone
            if status in (200, 201):
                with lock:
                    acknowledged.append({"kind": kind, "key": key, "source": source, "reply": json.loads(reply)})
            elif status == 409:
                continue  # a status change dated before one just made: refused, nothing written
            else:
                stop.set()
                fail(f"a field write was answered {status}: {reply[:300]!r}")

    clients = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    for c in clients:
        c.start()
    for c in clients:
        c.join(timeout=seconds)
    stop.set()
    for c in clients:
        c.join()
    return acknowledged


def verify_writes(db, acknowledged):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    for write in acknowledged:
        key = write["key"]
        if write["kind"] == "source":
            source_id = write["reply"]["source_id"]
            row = conn.execute("SELECT name FROM sources WHERE source_id = ?", (source_id,)).fetchone()
            if not row or row[0] != key:
                fail(f"an acknowledged new source is missing: {source_id} ({key})")
            if not conn.execute("SELECT 1 FROM events WHERE source_id = ? AND kind = 'discovered'", (source_id,)).fetchone():
                fail(f"an acknowledged new source has no event: {source_id}")
        else:
            found = conn.execute("SELECT count(*) FROM events WHERE source_id = ? AND details LIKE ?", (write["source"], f"%{key}%")).fetchone()[0]
            if found != 1:
                fail(f"an acknowledged {write['kind']} of {write['source']} is there {found} times ({key})")
    # No field write half applied: each logged write has exactly the events it says.
    broken = conn.execute("""
        SELECT i.id, i.events, (SELECT count(*) FROM events e WHERE e.ingest_id = i.id) AS n
        FROM ingests i WHERE i.kind = 'field' AND i.events <> (SELECT count(*) FROM events e WHERE e.ingest_id = i.id)""").fetchall()
    if broken:
        fail(f"field writes logged without their events: {broken[:5]}")
    conn.close()


if __name__ == "__main__":
    main()
