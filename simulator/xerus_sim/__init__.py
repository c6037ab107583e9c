"""Xerus PDU device simulator: HTTPS JSON-RPC, CGIs, mDNS, fleets, fault injection."""

__version__ = "1.0.0"
