# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks of the address a client connects to: host, port and timeout.

No Ansible import: the modules, the inventory plugin and the client share it.
The client builds ``https://<host>:<port>`` itself, so ``host`` must be a bare
host name or IP literal; anything else (a scheme, a path, user info, a port)
could make the credentials go to an address the task did not name.

    host = check_host(" [2001:db8::1] ")    # -> "2001:db8::1"
    port = check_port(8443)
    timeout = check_timeout("2.5")
"""

from __future__ import annotations

import ipaddress
import math
import re

from ansible_collections.xerus.pdu.plugins.module_utils.errors import XerusInputError

MAX_TIMEOUT = 600.0
MAX_HOST_LENGTH = 253
_LABEL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$")
_ZONE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")

# What a URL-like value carries that a host does not, in the order the hints are given.
_URL_PARTS = (
    ("://", "a URL scheme"),
    ("@", "user info"),
    ("/", "a path"),
    ("?", "a query"),
    ("#", "a fragment"),
)


class EndpointError(XerusInputError):
    """A connection option is not usable; ``option`` names it."""

    def __init__(self, option, message):
        super().__init__(f"option {option}: {message}", option=option)


def check_host(value, option="host"):
    """The host as the client uses it (IPv6 without brackets); EndpointError for anything else."""
    if not isinstance(value, str) or not value.strip():
        raise EndpointError(option, "give the host name or IP address of the PDU")
    host = value.strip()
    shown = _shown(host)
    if len(host) > MAX_HOST_LENGTH + 2:
        raise EndpointError(option, f"{len(host)} characters is too long for a host name (at most {MAX_HOST_LENGTH})")
    if host.startswith("[") and host.endswith("]"):
        return _ipv6(host[1:-1], option, shown)
    address = _ip_literal(host)
    if address is not None:
        return _ipv6(host, option, shown) if ":" in host else str(address)
    if _is_host_name(host):
        return host
    raise EndpointError(option, f"{shown} is not a host name or an IP address: {_why_not(host)}")


def check_port(value, option="port"):
    """An int in 1..65535; EndpointError otherwise."""
    if isinstance(value, bool):
        raise EndpointError(option, f"{value!r} is not a TCP port number (1-65535)")
    try:
        port = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError:
        raise EndpointError(option, f"{_shown(str(value))} is not a TCP port number (1-65535)") from None
    if not 1 <= port <= 65535:
        raise EndpointError(option, f"{port} is not a TCP port number (1-65535)")
    return port


def check_timeout(value, option="timeout", maximum=MAX_TIMEOUT):
    """Seconds as a float, more than 0 and at most ``maximum``; EndpointError otherwise."""
    if isinstance(value, bool):
        raise EndpointError(option, f"{value!r} is not a number of seconds")
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise EndpointError(option, f"{_shown(str(value))} is not a number of seconds") from None
    if not math.isfinite(seconds) or seconds <= 0 or seconds > maximum:
        raise EndpointError(option, f"{value!r} is not a number of seconds above 0 and at most {maximum:g}")
    return seconds


def _shown(text):
    """The value quoted for a message, cut short and with control characters escaped."""
    return repr(text[:80] + ("..." if len(text) > 80 else ""))


def _ip_literal(text):
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _ipv6(text, option, shown):
    """A bare IPv6 literal, with an optional zone (``fe80::1%eth0``) made of safe characters only."""
    address, _sep, zone = text.partition("%")
    try:
        ipaddress.IPv6Address(address)
    except ValueError:
        raise EndpointError(option, f"{shown} is not an IPv6 address") from None
    if _sep and not _ZONE.match(zone):
        raise EndpointError(option, f"{shown} has an IPv6 zone that is not an interface name")
    return text


def _is_host_name(text):
    name = text[:-1] if text.endswith(".") else text
    labels = name.split(".")
    if len(name) > MAX_HOST_LENGTH or not all(_LABEL.match(label) for label in labels):
        return False
    # RFC 1123 2.1: a name whose last label is numeric would be read as an (incomplete) IPv4 address
    return not labels[-1].isdigit()


def _why_not(text):
    for marker, part in _URL_PARTS:
        if marker in text:
            return f"it carries {part}; give only the host (the client always uses https://<host>:<port>)"
    if re.search(r":\d*$", text) and text.count(":") == 1:
        return "it carries a port; give the port in the port option"
    if any(not char.isprintable() or char.isspace() for char in text):
        return "it contains white space or control characters"
    return "use letters, digits, '-', '_' and '.' (labels of at most 63 characters), an IPv4 address or an IPv6 address"
