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
        """The experiment's cells: its groups of data, one per data file on servers without cells."""
        path = f"/api/experiments/{int(experiment_id)}/cells"
        try:
            return pd.DataFrame(self._json("GET", path)["items"])
        except Exception as error:  # a server without cells: each file is one cell
            if getattr(error, "status", None) != 404 or getattr(error, "field", None) is not None:
                raise
            files = self.files(experiment_id)
            return files.rename(columns={"fileName": "label"})

    # -- tables -----------------------------------------------------------------------------

    def _table(self, path: str, params: dict[str, Any]) -> pd.DataFrame:
        fmt = "parquet" if HAVE_PARQUET else "csv"
        response = self._request("GET", path, params={**params, "format": fmt})
        if fmt == "parquet":
            return pd.read_parquet(io.BytesIO(response.content))
        return pd.read_csv(io.BytesIO(response.content))

    def cycles(self, experiment_id: int, *, file_id: Optional[int] = None) -> pd.DataFrame:
        """The per-cycle table: a row per cycle, units in the column names
        (``discharge_capacity_Ah``, ``discharge_capacity_mAh_g`` when the active mass is known,
        ``coulombic_efficiency_percent``, ``charge_energy_Wh``, ``duration_s``), led by the
        group (``file_id``, ``file_name``)."""
        params = {} if file_id is None else {"fileId": int(file_id)}
        return self._table(f"/api/experiments/{int(experiment_id)}/cycles", params)

    def timeseries(self, experiment_id: int, *, file_id: Optional[int] = None) -> pd.DataFrame:
        """Every sample, in Battery Data Format column names (``test_time_second``,
        ``voltage_volt``, ``current_ampere``, ``cycle_count``, ...)."""
        params = {} if file_id is None else {"fileId": int(file_id)}
        return self._table(f"/api/experiments/{int(experiment_id)}/export", params)

    # -- upload -----------------------------------------------------------------------------

    def upload(self, experiment_id: int, file: Union[str, os.PathLike[str], BinaryIO], *,
               file_name: Optional[str] = None, allow_duplicate: bool = False) -> dict[str, Any]:
        """Uploads a cycler file to an experiment and returns the API's answer
        (``{"import": ..., "file": ...}``). The server detects the format."""
        params = {"duplicate": "allow"} if allow_duplicate else {}
        path = f"/api/experiments/{int(experiment_id)}/files"
        if isinstance(file, (str, os.PathLike)):
            with open(file, "rb") as handle:
                name = file_name or os.path.basename(os.fspath(file))
                return self._json("POST", path, params=params, files={"file": (name, handle)})
        name = file_name or os.path.basename(getattr(file, "name", "upload.bin"))
        return self._json("POST", path, params=params, files={"file": (name, file)})
