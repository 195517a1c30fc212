"""Typed seams: what crosses a process boundary, shared by both sides.

`vapi_messages` holds the Vapi server messages and our answers to them: the embedded sandbox
sends through them and the webhook handler reads through them. Nothing here imports a feature;
every layer above may use it.
"""
