# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A reason the simulator cannot start, told to the user in one line (exit status 3)."""


class StartError(RuntimeError):
    pass
