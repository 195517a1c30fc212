"""AlloKoli: French AI phone receptionists generated from a conversation."""

import warnings

__version__ = "0.1.0"

# Our models have a field named `register` (vouvoiement/tutoiement). Pydantic warns that it
# shadows `ABCMeta.register`, a class method we never call on models; silence only that message.
warnings.filterwarnings(
    "ignore",
    message=r'Field name "register" in "\w+" shadows an attribute in parent',
    category=UserWarning,
)
