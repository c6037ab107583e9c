# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Open one session per device (SessionManager.newSession) and write the tokens to a 0600 JSON file.

  session.py --out FILE --ca CA_BUNDLE --port PORT HOST...      (user/password from XERUS_USERNAME/XERUS_PASSWORD)
Prints only the number of tokens, never a token.
"""

import argparse
import base64
import json
import os
import ssl
import urllib.request


def new_session(host, port, context):
    credentials = f"{os.environ['XERUS_USERNAME']}:{os.environ['XERUS_PASSWORD']}"
    body = json.dumps({"method": "newSession", "params": {}, "id": 1}).encode()
    request = urllib.request.Request(
        f"https://{host}:{port}/session",
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Authorization": "Basic " + base64.b64encode(credentials.encode()).decode(),
        },
    )
    with urllib.request.urlopen(request, context=context, timeout=10) as answer:
        return json.loads(answer.read())["result"]["token"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--ca", required=True)
    parser.add_argument("--port", type=int, default=8443)
    parser.add_argument("hosts", nargs="+")
    args = parser.parse_args()
    context = ssl.create_default_context(cafile=args.ca)
    tokens = {host: new_session(host, args.port, context) for host in args.hosts}
    handle = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(handle, "w") as out:
        json.dump(tokens, out)
    print(f"{len(tokens)} session token(s) written")


if __name__ == "__main__":
    main()
