/**
 * `GET /api/experiments/:id/cycle-curves`: each chosen cycle's charge and discharge as
 * voltage against the capacity passed, in time order, and dQ/dV computed over every sample on
 * the server — on a synthetic run with known curves and on a real Neware export (per-step
 * counters, a current spike at each step's start), on both dialects.
 */
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
  syntheticChargeAh,
  syntheticCyclerCsv,
  syntheticDischargeAh,
  type SyntheticCyclerOptions,
} from '../../src/cycler/index.ts';
import type { CycleCurves } from '../../src/measurements/cycle-curves.ts';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { dataServer, type DataServer, upload } from '../imports/support/data-server.ts';
import { fixture } from '../support/fixture-cyclers.ts';

const RUN: SyntheticCyclerOptions = {
  cycles: 3,
  pointsPerHalfCycle: 400,
  capacityAh: 1,
  fadePerCycle: 0.01,
  seed: 11,
};

const integral = (dqdv: { voltageV: number[]; dqdvAhPerV: number[] }, widthV: number) =>
  dqdv.dqdvAhPerV.reduce((sum, d) => sum + d * widthV, 0);

const nonDecreasing = (xs: number[]) => xs.every((x, i) => i === 0 || x >= xs[i - 1]!);

for (const dialect of DIALECTS) {
  describe(`cycle curves and dQ/dV (${dialect})`, () => {
    let server: DataServer;
    let experimentId: number;
    let fileId: number;
    const get = (query: string, id = experimentId, who: 'owner' | 'reader' = 'owner') =>
      server.as(who, { method: 'GET', url: `/api/experiments/${id}/cycle-curves?${query}` });
    const curves = async (query: string) => {
      const response = await get(query);
      assert.equal(response.statusCode, 200, response.body);
      return response.json<CycleCurves>();
    };

    before(async () => {
      server = await dataServer(dialect);
      experimentId = await server.experiment({ title: 'three cycles' });
      const made = await upload(server, 'owner', experimentId, 'run.csv', syntheticCyclerCsv(RUN));
      assert.equal(made.statusCode, 201, made.body);
      fileId = made.json<{ file: { id: number } }>().file.id;
    });
    after(() => server.close());

    test('a cycle is its charge then its discharge, capacity growing in time order to the cycle’s', async () => {
      const body = await curves(`fileId=${fileId}&cycle=2`);
      assert.equal(body.totalPoints, 2 * RUN.pointsPerHalfCycle);
      assert.deepEqual(
        body.curves.map((c) => c.direction),
        ['charge', 'discharge'],
      );
      const expected = { charge: syntheticChargeAh(RUN, 2), discharge: syntheticDischargeAh(RUN, 2) };
      for (const c of body.curves) {
        assert.equal(c.totalPoints, RUN.pointsPerHalfCycle);
        assert.equal(c.capacityAh.length, c.voltageV.length);
        assert.ok(nonDecreasing(c.capacityAh), `${c.direction}: capacity never runs back`);
        assert.ok(Math.abs(c.capacityAh.at(-1)! - expected[c.direction]) < 1e-9, c.direction);
        // Every sample is in the dQ/dV: its integral is the capacity (but for the trimmed tails).
        const area = Math.abs(integral(c.dqdv, body.binWidthV!));
        assert.ok(
          Math.abs(area - expected[c.direction]) < 0.01 * expected[c.direction],
          `${c.direction}: ${area}`,
        );
      }
      const [charge, discharge] = body.curves;
      assert.ok(
        charge!.dqdv.dqdvAhPerV.every((d) => d >= 0),
        'charge above zero',
      );
      assert.ok(
        discharge!.dqdv.dqdvAhPerV.every((d) => d <= 0),
        'discharge below zero',
      );
      // The synthetic cell's capacity is steepest at half charge, 3.3 V ± the 10 mV IR drop: a
      // broad peak (within 3 % of its height over 30 mV) under 2 mV of noise on every sample.
      const peak = (c: typeof charge) => {
        const size = c!.dqdv.dqdvAhPerV.map(Math.abs);
        return c!.dqdv.voltageV[size.indexOf(Math.max(...size))]!;
      };
      assert.ok(Math.abs(peak(charge) - 3.31) < 0.04, `charge peak at ${peak(charge)} V`);
      assert.ok(Math.abs(peak(discharge) - 3.29) < 0.04, `discharge peak at ${peak(discharge)} V`);
    });

    test('at most `points` samples per direction (M4), the first and last kept', async () => {
      const full = await curves(`fileId=${fileId}&cycle=1`);
      const small = await curves(`fileId=${fileId}&cycle=1&points=40`);
      for (const [i, c] of small.curves.entries()) {
        assert.ok(c.points <= 40 && c.points === c.capacityAh.length, `${c.points} points`);
        assert.equal(c.downsampled, true);
        assert.equal(c.capacityAh[0], full.curves[i]!.capacityAh[0]);
        assert.equal(c.capacityAh.at(-1), full.curves[i]!.capacityAh.at(-1));
        assert.deepEqual(c.dqdv, full.curves[i]!.dqdv, 'dQ/dV is from every sample whatever the points');
      }
    });

    test('a cycle the file does not have answers no curves', async () => {
      const body = await curves(`fileId=${fileId}&cycle=99`);
      assert.deepEqual(body, { fileId, cycle: 99, totalPoints: 0, binWidthV: null, curves: [] });
    });

    test('every bad parameter is a 400 naming it; an invisible experiment is a 404 whatever the query', async () => {
      for (const [query, field] of [
        ['cycle=1', 'fileId'],
        [`fileId=${fileId}`, 'cycle'],
        [`fileId=${fileId}&cycle=one`, 'cycle'],
        [`fileId=${fileId}&cycle=1&points=3`, 'points'],
        [`fileId=${fileId}&cycle=1&points=10001`, 'points'],
        [`fileId=x&cycle=1`, 'fileId'],
        [`fileId=${fileId}&cycle=1&color=red`, 'color'],
      ] as const) {
        const response = await get(query);
        assert.equal(response.statusCode, 400, `${query}: ${response.body}`);
        assert.equal(response.json<{ field?: string }>().field, field, query);
      }
      const hidden = await get('cycle=one', experimentId, 'reader');
      assert.equal(hidden.statusCode, 404);
    });

    test('a real Neware export: top-up steps continue the curve, dQ/dV has its peak', async () => {
      const id = await server.experiment({ title: 'neware' });
      const made = await upload(
        server,
        'owner',
        id,
        'nw.csv',
        createReadStream(fixture('neware/nw_regular_export_ife_example.csv')) as AsyncIterable<Buffer>,
      );
      assert.equal(made.statusCode, 201, made.body);
      const file = made.json<{ file: { id: number } }>().file.id;
      const summary = (
        await server.as('owner', { method: 'GET', url: `/api/experiments/${id}/cycles?fileId=${file}` })
      ).json<{ items: { cycle: number; chargeCapacityAh: number; dischargeCapacityAh: number }[] }>().items;
      const cycle = summary.find((c) => c.cycle === 11)!;
      const response = await server.as('owner', {
        method: 'GET',
        url: `/api/experiments/${id}/cycle-curves?fileId=${file}&cycle=11`,
      });
      const body = response.json<CycleCurves>();
      assert.deepEqual(
        body.curves.map((c) => c.direction),
        ['charge', 'discharge'],
      );
      const [charge, discharge] = body.curves;
      assert.ok(Math.abs(charge!.capacityAh.at(-1)! - cycle.chargeCapacityAh) < 1e-6);
      assert.ok(Math.abs(discharge!.capacityAh.at(-1)! - cycle.dischargeCapacityAh) < 1e-6);
      // Each step starts with one sample at 0.5 A, then 0.474 A: not a voltage hold.
      const area = integral(charge!.dqdv, body.binWidthV!);
      assert.ok(
        area > 0.9 * cycle.chargeCapacityAh,
        `charge dQ/dV holds ${area} of ${cycle.chargeCapacityAh} Ah`,
      );
      const peak =
        charge!.dqdv.voltageV[charge!.dqdv.dqdvAhPerV.indexOf(Math.max(...charge!.dqdv.dqdvAhPerV))]!;
      assert.ok(peak > 4.45 && peak < 4.55, `charge peak at ${peak} V`);
    });
  });
}
