"""The BatteryDB client: the JSON API, with tables and time series as pandas DataFrames."""

from __future__ import annotations

import io
import os
from typing import Any, BinaryIO, Iterator, Optional, Union

import pandas as pd
import requests

from .errors import error_for

try:  # Parquet keeps types and is smaller; without pyarrow the CSV of the same table is read.
    import pyarrow  # noqa: F401

    HAVE_PARQUET = True
except ImportError:  # pragma: no cover - depends on the machine
    HAVE_PARQUET = False


class Client:
    """A session with one BatteryDB server, authenticated by an API token.

    >>> db = Client("https://batterydb.example.org", token="bdb_...")
    >>> for e in db.experiments(q="NMC811", status="public"):
    ...     print(e["id"], e["title"])
    >>> cycles = db.cycles(12)          # a DataFrame: cycle, discharge_capacity_Ah, ...
    """

    def __init__(self, url: str, token: str, *, timeout: float = 60.0,
                 session: Optional[requests.Session] = None) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.session = session or requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.session.headers["User-Agent"] = "batterydb-python/0.1"

    def close(self) -> None:
        """Closes the connection pool (also done by ``with Client(...) as db:``)."""
        self.session.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- HTTP -------------------------------------------------------------------------------

    def _request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        response = self.session.request(method, f"{self.url}{path}", timeout=self.timeout, **kwargs)
        if response.status_code >= 400:
            try:
                body: Any = response.json()
            except ValueError:
                body = None
            raise error_for(response.status_code, body, response.reason or "request failed")
        return response

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        return self._request(method, path, **kwargs).json()

    # -- experiments ------------------------------------------------------------------------

    def experiments(self, *, q: Optional[str] = None, page_size: int = 100,
                    **filters: Union[str, int, float]) -> Iterator[dict[str, Any]]:
        """Every experiment you may see that matches, page after page (the API's keyset pages).

        ``q`` searches the text; ``filters`` are the API's: ``chemistry``, ``material``,
        ``cellFormat``, ``temperatureMin``, ``temperatureMax``, ``owner``, ``status``, ``tag``,
        ``startFrom``, ``startTo``, ``sort``.
        """
        params: dict[str, Any] = {k: v for k, v in filters.items() if v is not None}
        if q is not None:
            params["q"] = q
        params["limit"] = str(page_size)
        params["total"] = "none"
        while True:
            page = self._json("GET", "/api/experiments", params=params)
            yield from page["items"]
            cursor = page.get("nextCursor")
            if not cursor:
                return
            params["cursor"] = cursor

    def experiments_frame(self, **kwargs: Any) -> pd.DataFrame:
        """:meth:`experiments` as one DataFrame (a row per experiment)."""
        return pd.DataFrame(list(self.experiments(**kwargs)))

    def experiment(self, experiment_id: int) -> dict[str, Any]:
        """One experiment's metadata (raises :class:`NotFound` if you may not see it)."""
        return self._json("GET", f"/api/experiments/{int(experiment_id)}")

    def files(self, experiment_id: int) -> pd.DataFrame:
        """The experiment's data files (its cells' files): id, fileName, format, sha256, points, cycles, ..."""
        return pd.DataFrame(self._json("GET", f"/api/experiments/{int(experiment_id)}/files")["items"])

    def cells(self, experiment_id: int) -> pd.DataFrame:
        """The experiment's cells (replicates), in order: id, label, activeMassMg, electrodeAreaCm2,
        loadingMgCm2, materials, protocol (C-rates, voltage window, temperatureC), and ``files``
        (each cell's data files in order; its cycles continue across them)."""
        return pd.DataFrame(self._json("GET", f"/api/experiments/{int(experiment_id)}/cells")["items"])

    # -- tables -----------------------------------------------------------------------------

    def _table(self, path: str, params: dict[str, Any]) -> pd.DataFrame:
        fmt = "parquet" if HAVE_PARQUET else "csv"
        response = self._request("GET", path, params={**params, "format": fmt})
        if fmt == "parquet":
            return pd.read_parquet(io.BytesIO(response.content))
        return pd.read_csv(io.BytesIO(response.content))

    def cycles(self, experiment_id: int, *, cell_id: Optional[int] = None,
               file_id: Optional[int] = None) -> pd.DataFrame:
        """The per-cycle table, one row per cycle of each cell, units in the column names
        (``discharge_capacity_Ah``, ``discharge_capacity_mAh_g`` when the cell's active mass is
        known, ``coulombic_efficiency_percent``, ``charge_energy_Wh``, ``duration_s``), led by
        ``cell_id``, ``cell_label``, ``file_id``, ``cycle`` (the cell's numbering, continued
        across its files) and ``file_cycle`` (the cycler file's own). ``cell_id`` or ``file_id``
        narrows it to one cell or one file."""
        return self._table(f"/api/experiments/{int(experiment_id)}/cycles", _narrow(cell_id, file_id))

    def timeseries(self, experiment_id: int, *, cell_id: Optional[int] = None,
                   file_id: Optional[int] = None) -> pd.DataFrame:
        """Every sample, in Battery Data Format column names (``test_time_second``,
        ``voltage_volt``, ``current_ampere``, ``cycle_count``, ...), of the experiment, one cell
        (its files in order) or one file."""
        return self._table(f"/api/experiments/{int(experiment_id)}/export", _narrow(cell_id, file_id))

    # -- upload -----------------------------------------------------------------------------

    def upload(self, experiment_id: int, file: Union[str, os.PathLike[str], BinaryIO], *,
               cell_id: Optional[int] = None, file_name: Optional[str] = None,
               allow_duplicate: bool = False) -> dict[str, Any]:
        """Uploads a cycler file to an experiment — into the cell ``cell_id``, else into a new cell
        named after the file — and returns the API's answer (``{"import": ..., "file": ...}``).
        The server detects the format."""
        params: dict[str, Any] = {"duplicate": "allow"} if allow_duplicate else {}
        if cell_id is not None:
            params["cellId"] = int(cell_id)
        path = f"/api/experiments/{int(experiment_id)}/files"
        if isinstance(file, (str, os.PathLike)):
            with open(file, "rb") as handle:
                name = file_name or os.path.basename(os.fspath(file))
                return self._json("POST", path, params=params, files={"file": (name, handle)})
        name = file_name or os.path.basename(getattr(file, "name", "upload.bin"))
        return self._json("POST", path, params=params, files={"file": (name, file)})


def _narrow(cell_id: Optional[int], file_id: Optional[int]) -> dict[str, Any]:
    """The query that narrows a table to one cell and/or one file."""
    params: dict[str, Any] = {}
    if cell_id is not None:
        params["cellId"] = int(cell_id)
    if file_id is not None:
        params["fileId"] = int(file_id)
    return params
