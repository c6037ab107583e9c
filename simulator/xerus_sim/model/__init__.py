"""The device and its interfaces (one file per interface or IDL module), its state, generations and lifecycle."""
