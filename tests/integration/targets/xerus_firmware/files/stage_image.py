# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Upload a firmware image the way another tool would (the SDK's multipart framing), leaving it staged.

Usage: stage_image.py URL IMAGE   (credentials and CA from XERUS_USERNAME, XERUS_PASSWORD, XERUS_CA_PATH)
"""

import os
import sys

import requests


def main(url, image):
    with open(image, "rb") as handle:
        answer = requests.post(
            url,
            files={"upfile": ("upfile.bin", handle, "application/octet-stream")},
            auth=(os.environ["XERUS_USERNAME"], os.environ["XERUS_PASSWORD"]),
            verify=os.environ["XERUS_CA_PATH"],
            timeout=60,
        )
    print(answer.status_code, answer.text.strip())
    return 0 if answer.status_code == 200 and answer.text.strip() == "return_code=0" else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
