"""Authenticated writes of scripts/load-test.sh: POST /sources/{id}/inspections at a steady rate.

    inspection_writer.py BASE TOKEN IDS_FILE RATE SECONDS RESULT_JSON DATE

Sends RATE inspections dated DATE a second (on a fixed schedule, from 8 threads so a slow answer does not
slow the rate) for SECONDS, each to a random existing source with an Idempotency-Key of its
own; counts the acknowledged (201) and the failed (any other status, or no answer in 30 s),
with the writes' latency; writes the counts as JSON to RESULT_JSON.
"""
import http.client
import json
import random
import sys
import threading
import time
import uuid
from urllib.parse import urlsplit

base, token, ids_file, rate, seconds, result, date = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5]), sys.argv[6], sys.argv[7]
url = urlsplit(base)
ids = [line.strip() for line in open(ids_file) if line.strip()]
lock = threading.Lock()
acknowledged, failed, latencies, statuses = 0, 0, [], {}
start = time.monotonic()
total = int(rate * seconds)
next_index = 0


def worker():
    global acknowledged, failed, next_index
    connection = None
    rng = random.Random()
    while True:
        with lock:
            k = next_index
            next_index += 1
        if k >= total:
            return
        delay = start + k / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        body = json.dumps({"date": date, "result": "load test: no change", "officer": "load", "note": f"write {k}"})
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())}
        sent = time.monotonic()
        try:
            if connection is None:
                connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
            connection.request("POST", f"/sources/{rng.choice(ids)}/inspections", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = None
        except OSError as error:
            status = type(error).__name__
            connection = None
        elapsed = time.monotonic() - sent
        with lock:
            statuses[str(status)] = statuses.get(str(status), 0) + 1
            latencies.append(elapsed)
            if status == 201:
                acknowledged += 1
            else:
                failed += 1


threads = [threading.Thread(target=worker) for _ in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
latencies.sort()
p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else 0
report = {
    "sent": acknowledged + failed, "acknowledged": acknowledged, "failed": failed, "statuses": statuses,
    "seconds": time.monotonic() - start, "p50_ms": p(0.5), "p99_ms": p(0.99), "max_ms": latencies[-1] * 1000 if latencies else 0,
}
json.dump(report, open(result, "w"))
