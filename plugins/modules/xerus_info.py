#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the xerus.pdu collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: xerus_info
short_description: Gather information about a Xerus PDU
version_added: 1.0.0
author:
  - xerus.pdu maintainers (@xerus-pdu)
description:
  - Reads what a playbook needs to know about a Legrand / Raritan / Server Technology PDU through its Xerus
    JSON-RPC API. By default the device's own state, what a rollout checks before and after (identity,
    firmware and its update history, outlets, inlet readings, the active TLS certificate and the network
    settings).
  - On request, by name or with V(all), the device's configuration (accounts, roles, authentication, security,
    services, date and time, SNMP, mail server) and its sensors. Configuration subsets are read in the first
    bulk request too; they never return a password, passphrase, community or key.
  - Read-only. Never changes the device.
  - Everything the selected subsets need that does not depend on another answer is read in one bulk request,
    network settings (C(/net)) and inlet sensor readings (at their well-known resource ids) included; the outlets'
    state and settings, which need the references the device returned, in a second one. The client sends at most
    200 calls per HTTP request, so the subsets V(readings) and V(sensors) of a larger PDU add HTTP requests (see
    the notes); without them at most two HTTP requests are sent. A configuration file is never downloaded.
options:
  gather_subset:
    description:
      - Which parts to read. V(default) reads the device's state, that is V(device), V(outlets), V(inlets),
        V(firmware), V(certificate) and V(network). V(all) reads everything; subset names add their subset, for
        example V([default, users]).
      - The other subsets are left out of V(default) because every returned value costs the controller CPU per
        host (Ansible copies and converts each task result several times); with hundreds of PDUs, read them where
        a play needs them.
      - A name prefixed with V(!) is left out, for example V(!network). A list of exclusions only starts from
        V(default).
      - V(users) reads the local accounts, V(roles) the roles and supported privileges (one call each, in the
        first request; never a password or passphrase).
      - V(auth) reads the authentication policy and the LDAP and RADIUS servers, V(security) the security settings
        (both without secrets, in the first request).
      - V(services) reads the network services, V(datetime) the date, time and NTP settings, V(snmp) the SNMP
        agent and notification targets, V(smtp) the mail server (in the first request).
      - V(readings), V(sensors) and V(alerts) read the sensors (see the notes for their requests).
    type: list
    elements: str
    default: [default]
extends_documentation_fragment:
  - xerus.pdu.connection
  - xerus.pdu.attributes
attributes:
  check_mode:
    details:
      - The module only reads, so it behaves the same in check mode.
  diff_mode:
    support: none
notes:
  - "HTTP requests per task: at most 2. 1 for V(device), V(certificate), V(network) and V(inlets) alone or
    together; 2 with V(outlets), and with V(firmware) on firmware whose interface has C(Firmware.getInfo) (the 4.4
    generation: product and platform are read in the second request once the interface version is known; older
    firmware is never sent that call). Inlet sensors without a well-known resource id are read in the second
    request; on a second or later inlet of a multi-inlet PDU they cost a third."
  - "Reads tolerate missing and extra fields (firmware generations differ); a field the device does not send is
    returned empty or V(unknown)."
  - "V(readings): the inlet, outlet and OCP lists and the first inlet's readings in the first request, then the
    readings of every outlet, OCP and further inlet at their well-known resource ids and of the PDU totals in the
    second (one bulk request, sent as one HTTP request per 200 calls: a 48-outlet PDU with two OCPs needs 305
    calls, two HTTP requests, three in all)."
  - "V(sensors): the second request probes, for every inlet, outlet and OCP, the sensors the first one of its kind
    lists (C(getReading), C(getThresholds), C(getMetaData), or C(getState) and C(getTypeSpec)), and every
    peripheral slot; about 1100 calls (six HTTP requests after the first) for a 48-outlet PDU with seven sensors
    an outlet and eight slots."
  - "V(alerts): the alerted sensor manager and the object lists in the first request; the alerted sensors'
    readings and their owners' sensor lists (to name them) in the second."
  - "V(certificate): the SHA-256 fingerprint is computed from the certificate the PDU presents in the TLS handshake
    of the connection the requests above use (no HTTP request, no handshake of its own). When that certificate's
    serial number is not the one the PDU reports as active (for example behind a TLS-terminating proxy), the active
    certificate is downloaded instead (one GET request);
    C(fingerprint_source) in RV(xerus.certificate) says which."
  - Enumerations are returned as lower-case words; a value this collection does not know (newer firmware) is
    returned as V(unknown).
seealso:
  - module: xerus.pdu.xerus_outlet
"""

EXAMPLES = r"""
- name: Everything about the PDU
  xerus.pdu.xerus_info:
    host: pdu-a1.example.com
    username: admin
    password: "{{ vault_pdu_password }}"
  register: pdu

- name: Show the running firmware and the outlets that are off
  ansible.builtin.debug:
    msg: >-
      {{ pdu.xerus.firmware.version }}:
      {{ pdu.xerus.outlets | selectattr('state', 'eq', 'off') | map(attribute='number') | list }}

- name: Only the outlets and the inlet readings
  xerus.pdu.xerus_info:
    gather_subset: [outlets, inlets]

- name: The device's state without the network settings
  xerus.pdu.xerus_info:
    gather_subset: ["!network"]

- name: The device's state and its local accounts
  xerus.pdu.xerus_info:
    gather_subset: [default, users]
"""

RETURN = r"""
xerus:
  description: What was read; one key per gathered subset (C(outlet_count) with C(outlets)).
  returned: success
  type: dict
  contains:
    gathered_subset:
      description: The subsets that were read.
      type: list
      elements: str
      returned: always
      sample: [device, outlets, inlets, firmware, certificate, network]
    device:
      description:
        - Identity and PDU settings. Keys C(name) (the device name), C(model), C(serial), C(mac_address),
          C(manufacturer), C(brand), C(part_number), C(rating) (C(voltage), C(current), C(frequency), C(power),
          strings as printed on the nameplate), C(hardware_revision), C(firmware_version), C(controller_serial),
          C(outlet_count), C(inlet_count), C(has_switchable_outlets), C(has_metered_outlets),
          C(has_latching_outlet_relays), C(is_inline_meter), C(orientation) (V(none), V(bottom_feed),
          V(top_feed)), C(supported_inlet_wirings), and C(settings).
        - C(settings) has C(startup_state) (V(on), V(off), V(last_known)), C(cycle_delay) (s),
          C(inrush_guard_delay) (ms), C(power_on_delay) (s), C(outlet_sequence) (1-based outlet numbers, empty
          for the natural order), C(suspend_trip_cause_outlets), C(inhibit_relay_control), C(inlet_wiring)
          (V(auto_detect), V(single_phase), V(wye), V(delta)).
      type: dict
      returned: when the device subset is gathered
      sample:
        name: rack-7
        model: PX3-5190R
        serial: XEM0000001
        mac_address: "00:0d:5d:00:00:01"
        hardware_revision: "0x64"
        firmware_version: 4.2.0.5-50274
        outlet_count: 8
    firmware:
      description:
        - C(version), C(product), C(platform) and C(update_history), oldest first as the device returns it; each
          entry has C(timestamp) (epoch s), C(time) (ISO 8601 UTC), C(old_version), C(image_version), C(product),
          C(platform), C(image_md5), C(status) (V(successful), V(failed), V(incomplete)) and C(details).
      type: dict
      returned: when the firmware subset is gathered
      sample:
        version: 4.2.0.5-50274
        product: PX3
        platform: px3
        update_history: []
    outlet_count:
      description: Number of outlets.
      type: int
      returned: when the outlets subset is gathered
      sample: 8
    outlets:
      description:
        - One entry per outlet, ascending. C(number) (1-based), C(label), C(name), C(state) (V(on) also while
          queued to switch on or in a power cycle, as M(xerus.pdu.xerus_outlet) counts it), C(power_state)
          (the relay now), C(available), C(switch_on_in_progress), C(cycle_in_progress), C(load_shed),
          C(last_power_state_change) (epoch s), C(startup_state) (V(on), V(off), V(last_known), V(pdu_default)),
          C(use_pdu_cycle_delay), C(cycle_delay) (s), C(non_critical), C(sequence_delay) (ms), C(receptacle),
          C(rated_current) (A), C(switchable).
      type: list
      elements: dict
      returned: when the outlets subset is gathered
      sample:
        - number: 1
          label: "1"
          name: web-1
          state: "on"
          power_state: "on"
          startup_state: pdu_default
          use_pdu_cycle_delay: true
          cycle_delay: 10
          non_critical: false
    inlets:
      description:
        - One entry per inlet. C(number) (1-based), C(label), C(name), C(plug_type), C(rated_current),
          C(rated_voltage) (C(min), C(max)), C(is_dc), and C(readings)
        - C(readings) has one key per sensor the inlet has, in snake case (C(voltage) V, C(current) A,
          C(active_power) W, C(apparent_power) VA, C(power_factor), C(active_energy) Wh, C(line_frequency) Hz);
          null when the device reports the reading unavailable or invalid.
      type: list
      elements: dict
      returned: when the inlets subset is gathered
      sample:
        - number: 1
          label: I1
          name: ""
          plug_type: IEC 60309 2P+E 32A
          readings:
            voltage: 230.0
            current: 1.2
            active_power: 276.0
            active_energy: 3600.0
    certificate:
      description:
        - The active TLS certificate. C(subject) and C(issuer) (C(common_name), C(organization),
          C(organizational_unit), C(country), C(state_or_province), C(locality), C(email_address)), C(names)
          (subject alternative names), C(serial_number) (hex), C(not_before) and C(not_after) (ISO 8601 UTC),
          C(key) (C(type) V(rsa)/V(ecdsa), C(curve), C(rsa_key_length), C(in_secure_element)), C(chain) (the
          certificates after the leaf), C(fingerprint_sha256) (lower-case hex pairs joined by colons),
          C(fingerprint_source) (V(tls) or V(active_cert_download)), C(pending_request), C(pending_certificate).
      type: dict
      returned: when the certificate subset is gathered
      sample:
        subject:
          common_name: 192.0.2.10
        not_after: "2036-11-21T16:32:42Z"
        fingerprint_sha256: "5e:0c:...:9a"
        fingerprint_source: tls
    network:
      description:
        - From C(net.Net) at C(/net) (what is active, C(getInfo), and what is configured, C(getSettings)).
          C(hostname) (the DHCP preferred host name of the primary interface), C(ipv4) of the primary interface (the
          one that is up with IPv4 enabled; C(method) V(static)/V(dhcp), C(address), C(prefix_length), C(gateway)),
          C(dns_servers) (active), C(interfaces) (every interface the device lists, with C(name), C(label), C(type),
          C(state), C(enabled), C(mac_address), C(mtu), C(ipv4) and C(ipv6) C(enabled), C(method), C(addresses)),
          and C(raw) (C(info) and C(settings) as served, without fields that can hold secrets).
      type: dict
      returned: when the network subset is gathered
      sample:
        hostname: px-xem0000001
        ipv4:
          method: static
          address: 192.0.2.10
          prefix_length: 24
          gateway: 192.0.2.1
        dns_servers: [192.0.2.53]
    users:
      description:
        - Every local account, from C(usermgmt.UserManager.getAllAccounts) at C(/auth/user), as
          M(xerus.pdu.xerus_user) returns one (C(name), C(enabled), C(locked), C(blocked), C(force_password_change),
          C(full_name), C(email), C(telephone), C(roles) by name, C(ssh_public_key), C(snmp_v3) with
          C(has_auth_passphrase) and C(has_priv_passphrase)). Never a password or passphrase.
        - V(null) when the device has no user manager.
      type: list
      elements: dict
      returned: when the users subset is gathered
      sample:
        - name: admin
          enabled: true
          locked: true
          roles: [Admin]
    roles:
      description:
        - From C(usermgmt.RoleManager.getInfo) at C(/auth/role). C(roles) (each with C(name), C(id),
          C(description), C(locked), C(privileges) as C(name) or C(name:arg,arg)) and C(supported_privileges)
          (each with C(name), C(description), C(arguments) the privilege takes).
        - V(null) when the device has no role manager.
      type: dict
      returned: when the roles subset is gathered
      sample:
        roles:
          - name: Admin
            id: 1
            description: System wide Administrator
            locked: true
            privileges: [adminPrivilege]
        supported_privileges:
          - name: firmwareUpdate
            description: Firmware Update
            arguments: []
    services:
      description:
        - Every network service the device lists (C(net.Services) at C(/net/services)), keyed by its name, with
          C(enabled), C(port) and the service's own fields where the device has them, as
          M(xerus.pdu.xerus_services) returns them (C(force_https), C(hsts), C(password_auth),
          C(public_key_auth), C(read_only)). Null when the device has no C(net.Services).
      type: dict
      returned: when the services subset is gathered
      sample:
        https: {enabled: true, port: 443, hsts: false}
        modbus: {enabled: false, port: 502, read_only: true}
    datetime:
      description:
        - From C(datetime.DateTime) at C(/datetime). C(protocol) (V(static)/V(ntp)), C(ntp_servers) (configured,
          primary first), C(time_zone) (its name as the device lists it), C(automatic_dst),
          C(active_ntp_servers), C(device_time) (UTC, ISO 8601) and C(utc_offset_minutes). Null when the device
          has no C(datetime.DateTime).
      type: dict
      returned: when the datetime subset is gathered
      sample:
        protocol: ntp
        ntp_servers: [ntp1.example.com]
        time_zone: UTC
        automatic_dst: false
        active_ntp_servers: [ntp1.example.com]
        device_time: "2026-11-30T06:40:00+00:00"
        utc_offset_minutes: 0
    snmp:
      description:
        - The SNMP agent (C(devsettings.Snmp) at C(/snmp)) and its notification targets (the system rule and action
          of C(event.Engine) at C(/event_engine)), named as in M(xerus.pdu.xerus_snmp). Keys C(v2c_enabled),
          C(v3_enabled), C(sys_contact), C(sys_name), C(sys_location), C(engine_id) and C(notifications)
          (C(enabled), C(version), C(type), C(timeout), C(retries), C(targets); null when the PDU has no event
          engine). Never a community or passphrase.
        - Null when the PDU has no SNMP agent interface.
      type: dict
      returned: when the snmp subset is gathered
      sample:
        v2c_enabled: true
        v3_enabled: false
        sys_contact: noc@example.com
        sys_name: pdu-a1
        sys_location: DC1 row 4
        engine_id: 80001f8803000d5d000001
        notifications:
          enabled: true
          version: v2c
          type: trap
          timeout: 3
          retries: 3
          targets:
            - host: 192.0.2.10
              port: 162
    smtp:
      description:
        - The mail server settings (C(devsettings.Smtp) at C(/smtp)) under the option names of
          M(xerus.pdu.xerus_smtp), never the password. Null when the PDU has no SMTP interface.
      type: dict
      returned: when the smtp subset is gathered
      sample:
        server: mail.example.com
        port: 587
        use_tls: true
        allow_off_time_range_certs: false
        ca_cert_chain: ""
        sender: pdu-a1@example.com
        use_auth: true
        username: pdu-mailer
        retry_count: 3
        retry_interval: 5
    auth:
      description:
        - The authentication settings (C(auth.AuthManager), C(auth.LdapManager), C(auth.RadiusManager)) with the
          keys and values of RV(xerus.pdu.xerus_auth#module:auth). Never holds a bind password or shared secret.
          A list the firmware does not serve is left out.
      type: dict
      returned: when the auth subset is gathered
      sample:
        type: local
        use_local_fallback: true
        ldap_servers: []
        radius_servers: []
    security:
      description:
        - The security settings (C(security.Security) at C(/security)) under the option names of
          M(xerus.pdu.xerus_security) (C(login_blocking), C(password_policy), C(ip_access_control),
          C(ipv6_access_control), C(role_access_control), C(role_access_control_ipv6), C(idle_timeout),
          C(service_agreement), C(single_login)). A setting the firmware does not serve is left out.
      type: dict
      returned: when the security subset is gathered
      sample:
        login_blocking:
          enabled: false
          max_failed_logins: 0
          block_time: 10
          failed_login_timeout: 10
        idle_timeout: 15
    readings:
      description:
        - Metering. C(pdu) (C(active_power), C(apparent_power), C(active_energy), C(apparent_energy)), C(inlets),
          C(outlets) and C(ocps) (each with C(number) and C(current), C(voltage), C(active_power),
          C(apparent_power), C(power_factor), C(active_energy); OCPs also C(tripped)).
        - Each reading is C(value), C(unit) (V(A), V(V), V(W), V(VA), V(Wh), empty for the power factor) and
          C(state) (V(normal), V(above_upper_warning), V(above_upper_critical), V(below_lower_warning),
          V(below_lower_critical), V(unavailable), V(invalid)), or null when the device has no such sensor.
      type: dict
      returned: when the readings subset is gathered
      sample:
        pdu: {active_power: {value: 1830.0, unit: W, state: normal}}
        outlets:
          - number: 1
            current: {value: 0.37, unit: A, state: normal}
            voltage: {value: 230.0, unit: V, state: normal}
        ocps:
          - number: 1
            current: {value: 6.1, unit: A, state: normal}
            tripped: false
    sensors:
      description:
        - Every sensor. C(inlets), C(outlets), C(ocps) (each C(number) and C(sensors), a dict by sensor name), C(pdu)
          (the PDU totals by name) and C(peripherals) (every slot with an attached device, with C(slot), C(name),
          C(description), C(position) C(x)/C(y)/C(z), C(device) with C(serial), C(type), C(unit),
          C(package_class), C(port_position), and C(sensor)).
        - A numeric sensor is C(kind=numeric), C(type), C(value), C(unit), C(state), C(thresholds)
          (C(lower_critical), C(lower_warning), C(upper_warning), C(upper_critical) each with C(enabled) and
          C(value), C(assertion_timeout), C(deassertion_hysteresis)), C(range) and C(decimal_digits); a state
          sensor C(kind=state), C(type), C(value), C(state) (V(on)/V(off), V(open)/V(closed), V(normal)/V(alarmed),
          V(ok)/V(fault)) and C(available).
      type: dict
      returned: when the sensors subset is gathered
      sample:
        outlets:
          - number: 1
            sensors:
              current: {kind: numeric, type: current, value: 0.37, unit: A, state: normal, range: {lower: 0, upper: 20},
                        thresholds: {upper_critical: {enabled: true, value: 10.0}}}
        peripherals:
          - slot: 1
            name: rack-top
            position: {x: A, "y": "4", z: "42"}
            sensor: {kind: numeric, type: temperature, value: 24.5, unit: degC, state: normal}
    alerts:
      description:
        - Sensors in alert. C(counts) (C(total) monitored, C(unavailable), C(critical), C(warned)) and C(sensors),
          each with C(object) (V(inlet), V(outlet), V(ocp), V(peripheral) or V(unknown)), C(number) (slot number for
          peripherals), C(sensor) (its name, for inlets, outlets and OCPs), C(name) (the slot name, for
          peripherals), C(alert_state) (V(critical), V(warned), V(unavailable)) and C(reading) (as in C(sensors)).
      type: dict
      returned: when the alerts subset is gathered
      sample:
        counts: {total: 170, unavailable: 0, critical: 1, warned: 0}
        sensors:
          - object: outlet
            number: 3
            sensor: current
            alert_state: critical
            reading: {kind: numeric, type: current, value: 15.0, unit: A, state: above_upper_critical}
"""

from ansible_collections.xerus.pdu.plugins.module_utils.info import gather, resolve_subsets
from ansible_collections.xerus.pdu.plugins.module_utils.xerus_module import XerusModule


def argument_spec():
    return dict(gather_subset=dict(type="list", elements="str", default=["default"]))


def main():
    module = XerusModule(argument_spec=argument_spec(), supports_check_mode=True)
    with module.errors_to_fail_json():
        subsets = resolve_subsets(module.params["gather_subset"])
        with module.client() as client:
            facts = gather(client, subsets)
    facts["gathered_subset"] = list(subsets)
    module.exit_json(changed=False, xerus=facts)


if __name__ == "__main__":
    main()
