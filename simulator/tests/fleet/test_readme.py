# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The main README and this folder's README start the simulator the same way, and say that it stays in the
foreground (the main README's example itself runs in the readme_examples integration target)."""

import re
from pathlib import Path

SIM_ROOT = Path(__file__).resolve().parents[2]
START = re.compile(r"^\s*(\.venv/bin/python -m xerus_sim [^`\n]*)$", re.M)


def _start_commands(path):
    text = path.read_text(encoding="utf-8")
    return [command.strip() for command in START.findall(text)], text


def test_both_readmes_give_one_and_the_same_start_command():
    main, main_text = _start_commands(SIM_ROOT.parent / "README.md")
    own, own_text = _start_commands(SIM_ROOT / "README.md")
    assert len(set(main)) == 1 and set(own) == set(main), (main, own)
    for text in (main_text, own_text):
        assert "foreground" in text and "Ctrl-C" in text
