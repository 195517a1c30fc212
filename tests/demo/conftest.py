from tests.calls.conftest import alice_hook

__all__ = ["alice_hook"]
