"""The embedded Vapi-compatible sandbox (the default provider when no Vapi key is set)."""
