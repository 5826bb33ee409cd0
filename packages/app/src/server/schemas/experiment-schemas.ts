import { type Static, type TOptional, type TString, Type } from '@sinclair/typebox';
import { CELL_FILTERS, type CellFilterName, labelOf } from '../../experiments/cell-filters.ts';
import { CitationBody, CitationJson } from './citation-schemas.ts';
import { closed, CursorString, IdInteger, LimitString, Timestamp } from './common.ts';

const Text = (maxLength: number) => Type.String({ maxLength });
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

/** The settable fields; `owner`, `status` and `id` are not among them (no mass assignment). */
const fields = {
  title: Type.String({ minLength: 1, maxLength: 300 }),
  description: Text(20_000),
  cathodeMaterial: Text(100),
  anodeMaterial: Text(100),
  chemistry: Text(100),
  cellFormat: Text(50),
  nominalCapacityMah: NullableNumber,
  activeMassMg: NullableNumber,
  temperatureC: NullableNumber,
  cycler: Text(100),
  startDate: Type.Union([
    Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a date, YYYY-MM-DD' }),
    Type.Null(),
  ]),
  tags: Type.Array(Text(50), { maxItems: 30 }),
  citation: CitationBody,
};

export const ExperimentCreateBody = closed({
  title: fields.title,
  description: Type.Optional(fields.description),
  cathodeMaterial: Type.Optional(fields.cathodeMaterial),
  anodeMaterial: Type.Optional(fields.anodeMaterial),
  chemistry: Type.Optional(fields.chemistry),
  cellFormat: Type.Optional(fields.cellFormat),
  nominalCapacityMah: Type.Optional(fields.nominalCapacityMah),
  activeMassMg: Type.Optional(fields.activeMassMg),
  temperatureC: Type.Optional(fields.temperatureC),
  cycler: Type.Optional(fields.cycler),
  startDate: Type.Optional(fields.startDate),
  tags: Type.Optional(fields.tags),
  citation: Type.Optional(fields.citation),
});
export type ExperimentCreateBody = Static<typeof ExperimentCreateBody>;

export const ExperimentPatchBody = Type.Partial(closed(fields), {
  additionalProperties: false,
  minProperties: 1,
});
export type ExperimentPatchBody = Static<typeof ExperimentPatchBody>;

export const ExperimentJsonSchema = closed({
  id: IdInteger,
  ...fields,
  title: Type.String(),
  startDate: Type.Union([Type.String(), Type.Null()]),
  citation: Type.Optional(CitationJson),
  status: Type.Union([Type.Literal('private'), Type.Literal('public')]),
  owner: closed({ id: IdInteger, username: Type.String() }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  permissions: Type.Optional(Type.Array(Type.String())),
});

const ListItemJson = Type.Composite([
  ExperimentJsonSchema,
  Type.Object({
    cellCount: Type.Integer({ minimum: 0, description: 'how many cells the experiment has' }),
    summary: Type.Optional(
      Type.Object({
        cycles: Type.Integer({ minimum: 0 }),
        lastDischargeCapacityAh: Type.Union([Type.Number(), Type.Null()]),
      }),
    ),
  }),
]);

export const ExperimentListJson = closed({
  items: Type.Array(ListItemJson),
  total: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
    description:
      'null with `total=none`; a lower bound when `totalExact` is false (`total=estimate` stops at 1,000)',
  }),
  totalExact: Type.Boolean(),
  nextCursor: Type.Union([CursorString, Type.Null()]),
});

const NumberString = Type.String({
  pattern: '^-?[0-9]{1,6}(\\.[0-9]{1,6})?$',
  description: 'a decimal number',
});
const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a date, YYYY-MM-DD' });

/** The cell ranges' query parameters (experiments/cell-filters.ts), each a decimal. */
function cellFilterParams() {
  return Object.fromEntries(
    CELL_FILTERS.map((name) => [
      name,
      Type.Optional(
        Type.String({
          ...NumberString,
          description: `${labelOf(name)}, ${name.endsWith('Min') ? 'at least' : 'at most'}; matches when one cell does`,
        }),
      ),
    ]),
  ) as Record<CellFilterName, TOptional<TString>>;
}

export const ExperimentListQuery = closed({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  chemistry: Type.Optional(Text(100)),
  material: Type.Optional(Text(100)),
  cellFormat: Type.Optional(Text(50)),
  temperatureMin: Type.Optional(NumberString),
  temperatureMax: Type.Optional(NumberString),
  ...cellFilterParams(),
  owner: Type.Optional(Text(150)),
  status: Type.Optional(Type.Union([Type.Literal('private'), Type.Literal('public')])),
  tag: Type.Optional(Text(50)),
  startFrom: Type.Optional(DateString),
  startTo: Type.Optional(DateString),
  sort: Type.Optional(
    Type.Union(
      ['createdAt', '-createdAt', 'updatedAt', '-updatedAt', 'title', '-title'].map((s) => Type.Literal(s)),
    ),
  ),
  cursor: Type.Optional(CursorString),
  limit: Type.Optional(LimitString),
  total: Type.Optional(
    Type.Union([Type.Literal('exact'), Type.Literal('estimate'), Type.Literal('none')], {
      description:
        '`estimate` (default): exact up to 1,000, then 1,000 with `totalExact: false`; `exact`; `none`',
    }),
  ),
  include: Type.Optional(
    Type.String({
      pattern: '^(permissions|summary)(,(permissions|summary))?$',
      description:
        '`permissions` (what you may do with each item), `summary` (cycles, last discharge capacity), or both',
    }),
  ),
});
export type ExperimentListQuery = Static<typeof ExperimentListQuery>;

export const StatusBody = closed({ status: Type.Union([Type.Literal('private'), Type.Literal('public')]) });
export type StatusBody = Static<typeof StatusBody>;

export const GrantBody = closed({
  user: Type.Optional(IdInteger),
  group: Type.Optional(IdInteger),
  permissions: Type.Array(
    Type.Union([
      Type.Literal('batterydb.view_experiment'),
      Type.Literal('batterydb.change_experiment'),
      Type.Literal('batterydb.delete_experiment'),
      Type.Literal('batterydb.change_experiment_status'),
    ]),
    { minItems: 1, maxItems: 4, uniqueItems: true },
  ),
  expiresAt: Type.Optional(Type.Union([Timestamp, Type.Null()])),
});
export type GrantBody = Static<typeof GrantBody>;
