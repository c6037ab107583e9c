"""Running simulators: command line, fleet and fleet CA, mDNS, control server and client, faults."""
