"""The client against a live BatteryDB server, started by packages/app/test/data-out/python-client.test.ts.

Environment: BATTERYDB_URL, BATTERYDB_TOKEN (the owner's), BATTERYDB_EXPERIMENT (an experiment
with one imported file), BATTERYDB_FIXTURE (a cycler file to upload), BATTERYDB_SEARCH (a word
of the titles of exactly three experiments).
"""

from __future__ import annotations

import os
import unittest

import pandas as pd
import requests

import batterydb
from batterydb import Client, InvalidInput, NotFound, Unauthenticated

URL = os.environ.get("BATTERYDB_URL", "")


@unittest.skipUnless(URL, "BATTERYDB_URL is not set: run through npm test")
class ClientTest(unittest.TestCase):
    def setUp(self) -> None:
        self.token = os.environ["BATTERYDB_TOKEN"]
        self.db = Client(URL, self.token)
        self.experiment_id = int(os.environ["BATTERYDB_EXPERIMENT"])

    def tearDown(self) -> None:
        self.db.close()

    def api(self, path: str) -> dict:
        with requests.get(f"{URL}{path}", headers={"Authorization": f"Bearer {self.token}"}, timeout=60) as response:
            response.raise_for_status()
            return response.json()

    def test_experiments_iterate_over_pages_with_search_and_filters(self) -> None:
        word = os.environ["BATTERYDB_SEARCH"]
        one_by_one = list(self.db.experiments(q=word, page_size=1))
        self.assertEqual(len(one_by_one), 3)
        self.assertEqual(len({e["id"] for e in one_by_one}), 3, "no page repeats an experiment")
        private = list(self.db.experiments(q=word, status="private"))
        self.assertEqual(len(private), 3)
        self.assertEqual(list(self.db.experiments(q=word, status="public")), [])
        frame = self.db.experiments_frame(q=word)
        self.assertIsInstance(frame, pd.DataFrame)
        self.assertEqual(len(frame), 3)

    def test_cycles_are_the_api_s_figures_with_units_in_the_columns(self) -> None:
        cycles = self.db.cycles(self.experiment_id)
        items = self.api(f"/api/experiments/{self.experiment_id}/cycles")["items"]
        self.assertEqual(len(cycles), len(items))
        for column in ["cell_id", "cell_label", "file_id", "cycle", "file_cycle", "charge_capacity_Ah", "discharge_capacity_Ah",
                       "discharge_capacity_mAh_g", "coulombic_efficiency_percent", "duration_s"]:
            self.assertIn(column, cycles.columns)
        for row, item in zip(cycles.itertuples(), items):
            self.assertEqual(row.cycle, item["cycle"])
            self.assertAlmostEqual(row.discharge_capacity_Ah, item["dischargeCapacityAh"], places=12)
            self.assertAlmostEqual(row.charge_capacity_Ah, item["chargeCapacityAh"], places=12)

    def test_timeseries_and_cells(self) -> None:
        files = self.db.files(self.experiment_id)
        cells = self.db.cells(self.experiment_id)
        self.assertEqual(list(cells["id"]), [c["id"] for c in self.api(f"/api/experiments/{self.experiment_id}/cells")["items"]])
        series = self.db.timeseries(self.experiment_id, file_id=int(files["id"][0]))
        self.assertEqual(len(series), int(files["points"][0]))
        cell = int(files["cellId"][0])
        by_cell = self.db.timeseries(self.experiment_id, cell_id=cell)
        in_cell = files[files["cellId"] == cell]
        self.assertEqual(len(by_cell), int(in_cell["points"].sum()))
        for column in ["test_time_second", "voltage_volt", "current_ampere", "cycle_count"]:
            self.assertIn(column, series.columns)

    def test_upload_a_file_into_a_cell_then_its_cycles(self) -> None:
        before = len(self.db.files(self.experiment_id))
        cell = int(self.db.cells(self.experiment_id)["id"][0])
        last_before = int(self.db.cycles(self.experiment_id, cell_id=cell)["cycle"].max())
        answer = self.db.upload(self.experiment_id, os.environ["BATTERYDB_FIXTURE"], cell_id=cell)
        self.assertEqual(answer["import"]["status"], "done")
        file_id = answer["file"]["id"]
        self.assertEqual(len(self.db.files(self.experiment_id)), before + 1)
        added = self.db.cycles(self.experiment_id, file_id=file_id)
        self.assertGreater(len(added), 0)
        self.assertEqual(set(added["cell_id"]), {cell})
        # The cell's cycles continue across its files: the new file's cycles follow the last one.
        self.assertGreater(int(added["cycle"].min()), last_before)
        with self.assertRaises(batterydb.Conflict):
            self.db.upload(self.experiment_id, os.environ["BATTERYDB_FIXTURE"])

    def test_errors_carry_the_problem_s_detail_and_field(self) -> None:
        with self.assertRaises(NotFound) as missing:
            self.db.experiment(999999)
        self.assertEqual(missing.exception.status, 404)
        self.assertIn("999999", missing.exception.detail)
        with self.assertRaises(NotFound) as no_file:
            self.db.cycles(self.experiment_id, file_id=999999)
        self.assertEqual(no_file.exception.field, "fileId")
        with self.assertRaises(InvalidInput) as bad:
            list(self.db.experiments(status="archived"))
        self.assertEqual(bad.exception.status, 400)
        self.assertIn("status", str(bad.exception.field) + bad.exception.detail)
        with Client(URL, "not-a-token") as stranger, self.assertRaises(Unauthenticated):
            stranger.experiment(self.experiment_id)

    @unittest.skipUnless(batterydb.HAVE_PARQUET, "pyarrow is not installed: the CSV path was tested")
    def test_parquet_path_keeps_types(self) -> None:
        cycles = self.db.cycles(self.experiment_id)
        self.assertEqual(str(cycles["cycle"].dtype), "int32")


if __name__ == "__main__":
    unittest.main()
