import { indexRenames } from './index-swap';

describe('indexRenames', () => {
  const index = (table: string, name: string, rest: string) => ({
    table,
    name,
    definition: `CREATE ${rest.startsWith('UNIQUE') ? 'UNIQUE INDEX' : 'INDEX'} ${name} ON projector.${table} ${rest.replace(/^UNIQUE /, '')}`,
  });

  it('gives each index of the copy the name of the live index of the same shape', () => {
    const renames = indexRenames(
      [
        index('client_index', 'client_index_pkey', 'UNIQUE USING btree (client_id)'),
        index(
          'client_index',
          'client_index_by_last_name',
          'USING btree (studio_id, last_name_lc, client_id)',
        ),
        index('client_index', 'client_index_tags', 'USING gin (tags_lc)'),
        index('client_index_rebuild', 'client_index_rebuild_pkey', 'UNIQUE USING btree (client_id)'),
        index('client_index_rebuild', 'client_index_rebuild_tags_lc_idx', 'USING gin (tags_lc)'),
        index(
          'client_index_rebuild',
          'client_index_rebuild_studio_id_last_name_lc_client_id_idx',
          'USING btree (studio_id, last_name_lc, client_id)',
        ),
      ],
      'client_index',
      'client_index_rebuild',
    );
    expect(new Map(renames)).toEqual(
      new Map([
        ['client_index_rebuild_pkey', 'client_index_pkey'],
        ['client_index_rebuild_tags_lc_idx', 'client_index_tags'],
        ['client_index_rebuild_studio_id_last_name_lc_client_id_idx', 'client_index_by_last_name'],
      ]),
    );
  });

  it('leaves an index of the copy without a live twin as it is', () => {
    expect(
      indexRenames(
        [index('client_index_rebuild', 'x_idx', 'USING btree (email)')],
        'client_index',
        'client_index_rebuild',
      ),
    ).toEqual([]);
  });
});
