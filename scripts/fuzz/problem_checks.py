"""schemathesis hooks of scripts/fuzz-http.sh (loaded through SCHEMATHESIS_HOOKS).

The check `problem_documents`: every 4xx answer is an RFC 7807 problem document
(Content-Type application/problem+json, a JSON object with its title and its status).
Every response it sees is also logged, one line each (status, method, path, content type), to
$PERMITWATCH_FUZZ_LOG, which the script counts: the requests sent, by status class.
"""
import json
import os
import threading
from urllib.parse import urlsplit

import schemathesis

_lock = threading.Lock()
_log = os.environ.get("PERMITWATCH_FUZZ_LOG")


def _header(response, name):
    value = response.headers.get(name) or response.headers.get(name.lower()) or ""
    return value[0] if isinstance(value, list) and value else (value or "")


@schemathesis.check
def problem_documents(ctx, response, case):
    status = response.status_code
    content_type = _header(response, "Content-Type")
    if _log:
        url = urlsplit(response.request.url)
        with _lock, open(_log, "a", encoding="utf-8") as f:
            f.write(f"{status}\t{response.request.method}\t{url.path}\t{content_type}\n")
    if 400 <= status < 500:
        if not content_type.startswith("application/problem+json"):
            raise AssertionError(f"{status} with Content-Type {content_type!r}, not application/problem+json")
        try:
            document = json.loads(response.content)
        except ValueError:
            raise AssertionError(f"{status}: the problem document is not JSON: {response.content[:200]!r}")
        if not isinstance(document, dict) or not isinstance(document.get("title"), str) or document.get("status") != status:
            raise AssertionError(f"{status}: not a problem document with its title and status {status}: {response.content[:200]!r}")
