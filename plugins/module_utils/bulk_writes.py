# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One bulk request of writes that answer an IDL return code, judged entry by entry.

No Ansible import. A refused entry does not undo the others (the device has no transactions): the error says how
many were written and carries ``changed`` when any were.
"""

from __future__ import annotations


def write_all(client, writes, codes, error_class, what):
    """Send ``writes`` ([(label, Call)]) in one bulk; raise ``error_class`` naming every refused label.

    ``codes`` maps a return code to its meaning; ``what`` names the written things in the message ("slots").
    """
    answers = client.bulk([call for _label, call in writes])
    refused = []
    for (label, _call), answer in zip(writes, answers):
        if not answer.ok:
            refused.append(f"{label}: {answer.error}")
        elif answer.ret != 0:
            refused.append(f"{label}: {codes.get(answer.ret, f'code {answer.ret}')}")
    if refused:
        applied = len(writes) - len(refused)
        raise error_class(
            client.device,
            f"setting {what} failed ({'; '.join(refused)}); {applied} of {len(writes)} {what} were changed",
            changed=applied > 0,
        )
