"""BatteryDB's Python client: experiments, cycles and time series as pandas DataFrames."""

from .client import HAVE_PARQUET, Client
from .errors import BatteryDBError, Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated

__all__ = [
    "Client",
    "HAVE_PARQUET",
    "BatteryDBError",
    "Conflict",
    "Forbidden",
    "InvalidInput",
    "NotFound",
    "Unauthenticated",
]
