# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start a bulk configuration restore through the CGI, as another client would (protocol 8.3).

  start_restore.py HOST PORT CA_FILE FILE   prints the X-Response-Code
Credentials from XERUS_USERNAME / XERUS_PASSWORD.
"""

import base64
import http.client
import os
import ssl
import sys
import uuid


def main(host, port, ca_file, path):
    with open(path, "rb") as handle:
        content = handle.read()
    boundary = uuid.uuid4().hex
    body = (
        b"--" + boundary.encode() + b"\r\n"
        b'Content-Disposition: form-data; name="bulk_config_file"; filename="bulk_config.txt"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n" + content + b"\r\n--" + boundary.encode() + b"--\r\n"
    )
    credentials = f"{os.environ['XERUS_USERNAME']}:{os.environ['XERUS_PASSWORD']}"
    connection = http.client.HTTPSConnection(
        host, int(port), context=ssl.create_default_context(cafile=ca_file), timeout=30
    )
    connection.request(
        "POST",
        "/cgi-bin/bulk_config_restore.cgi?link_ids=1",
        body=body,
        headers={
            "Content-Type": "multipart/form-data; boundary=" + boundary,
            "Authorization": "Basic " + base64.b64encode(credentials.encode()).decode(),
        },
    )
    answer = connection.getresponse()
    answer.read()
    print(answer.getheader("X-Response-Code"))
    return 0 if answer.status == 200 else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
