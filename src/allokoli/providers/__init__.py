"""Provider layer: Vapi through the official `vapi-server-sdk`, Twilio through `twilio`."""
