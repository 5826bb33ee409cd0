import { withIdColumn } from '@batterydb/authz';
import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Cells (SPEC §6, issue 20): the unit a scientist compares. A cell belongs to one experiment
 * and has no permissions of its own (SPEC §3.3: its routes ask the experiment). Each data file
 * belongs to one cell, at a position within it; a cell's cycles continue across its files,
 * computed when read (cells/cell-cycles.ts), so no stored sample or cycle row is rewritten.
 *
 * Materials, electrolyte and form factor are null where the cell takes the experiment's.
 * Rates are C-rates (0.1 = C/10) or currents (mA); either, both or neither may be recorded.
 *
 * Every existing file becomes a cell of its own, named after the file, with the experiment's
 * active mass: what the page drew before (one mass for every file) stays what it draws now.
 */
export const cellsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const double = 'double precision';
    await withIdColumn(db, db.schema.createTable('cell'))
      .addColumn('experiment_id', 'integer', (c) =>
        c.notNull().references('experiment.id').onDelete('cascade'),
      )
      .addColumn('label', 'varchar(100)', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('cycler', 'varchar(100)', (c) => c.notNull().defaultTo(''))
      .addColumn('channel', 'varchar(50)', (c) => c.notNull().defaultTo(''))
      .addColumn('active_mass_mg', double)
      .addColumn('electrode_area_cm2', double)
      .addColumn('loading_mg_cm2', double)
      .addColumn('cathode_material', 'varchar(200)')
      .addColumn('anode_material', 'varchar(200)')
      .addColumn('electrolyte', 'varchar(200)')
      .addColumn('form_factor', 'varchar(100)')
      .addColumn('nominal_capacity_mah', double)
      .addColumn('charge_c_rate', double)
      .addColumn('discharge_c_rate', double)
      .addColumn('charge_current_ma', double)
      .addColumn('discharge_current_ma', double)
      .addColumn('voltage_min_v', double)
      .addColumn('voltage_max_v', double)
      .addColumn('temperature_c', double)
      .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('cell_experiment')
      .on('cell')
      .columns(['experiment_id', 'position'])
      .execute();
    // Set null rather than cascade: deleting an experiment removes both, in either order; a
    // cell with files is never deleted on its own (cells/change-cells.ts refuses it).
    await db.schema
      .alterTable('data_file')
      .addColumn('cell_id', 'integer', (c) => c.references('cell.id').onDelete('set null'))
      .execute();
    await db.schema.alterTable('data_file').addColumn('cell_position', 'integer').execute();
    await db.schema
      .createIndex('data_file_cell')
      .on('data_file')
      .columns(['cell_id', 'cell_position'])
      .execute();
    await oneCellPerFile(db);
  },
};

/** Every file its own cell, in upload order, with its experiment's active mass. */
async function oneCellPerFile(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{
    id: number;
    experiment_id: number;
    file_name: string;
    created_at: number;
    active_mass_mg: number | null;
  }>`select f.id, f.experiment_id, f.file_name, f.created_at, e.active_mass_mg
     from data_file f join experiment e on e.id = f.experiment_id
     order by f.experiment_id, f.id`.execute(db);
  const positions = new Map<number, number>();
  for (const file of rows) {
    const experimentId = Number(file.experiment_id);
    const position = (positions.get(experimentId) ?? 0) + 1;
    positions.set(experimentId, position);
    const created = Number(file.created_at);
    const label = file.file_name.replace(/\.[A-Za-z0-9]{1,5}$/, '').slice(0, 100) || `Cell ${position}`;
    const mass = file.active_mass_mg === null ? null : Number(file.active_mass_mg);
    const inserted = await sql<{ id: number }>`
      insert into cell (experiment_id, label, position, active_mass_mg, created_at, updated_at)
      values (${experimentId}, ${label}, ${position}, ${mass}, ${created}, ${created})
      returning id`.execute(db);
    const cellId = Number(inserted.rows[0]!.id);
    await sql`update data_file set cell_id = ${cellId}, cell_position = 1 where id = ${Number(file.id)}`.execute(
      db,
    );
  }
}
