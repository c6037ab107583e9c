# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Xerus PDU device simulator: HTTPS JSON-RPC, CGIs, mDNS, fleets, fault injection."""

__version__ = "1.0.0"
