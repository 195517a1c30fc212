"""Call routing: who the assistant answers (protected and blocked numbers, decided per inbound
call through Vapi's `assistant-request`), closures and holidays, and the monthly budget."""
