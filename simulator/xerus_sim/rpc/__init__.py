"""JSON-RPC: envelope, bulk requests, error codes, the registry of served objects, IDL types, references, sessions."""
