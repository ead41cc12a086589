import type { DatasetColumn } from '../../../../common/contract/schemas/datasets';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { useChange } from '../../api/useChange';
import '../governance/governanceG3.css';

/**
 * Which of a dataset's columns hold personal data (column metadata kept across versions). Each change is in the
 * change log; marking a column raises the "Review the DPA" action for compliance once. Undo sets it back.
 */
export function PersonalColumns({ datasetId, columns }: Readonly<{ datasetId: string; columns: readonly DatasetColumn[] }>) {
  const flags = useCall('dpa-personal-list', { datasetId }, ['datasets']);
  const ops = useChange(['datasets', 'actions', 'governance']);
  const isPersonal = (c: string) => flags.data?.some((f) => f.column === c && f.personal) ?? false;
  const toggle = (column: string, personal: boolean) =>
    void ops
      .change({
        label: `${personal ? 'mark' : 'unmark'} ${column} as personal data`,
        run: () => call('dpa-personal-set', { datasetId, column, personal }),
        undo: () => call('dpa-personal-set', { datasetId, column, personal: !personal }),
      })
      .catch(() => undefined);
  return (
    <fieldset className="personal-columns" data-testid="personal-columns">
      <legend>Personal data</legend>
      <p className="hint">Columns marked here are personal data: a model using them needs governance-board and compliance sign-off, and compliance gets a “Review the DPA” action.</p>
      <div className="role-choices">
        {columns.map((c) => (
          <label key={c.name} className="checkbox">
            <input type="checkbox" checked={isPersonal(c.name)} disabled={!flags.data} onChange={(e) => toggle(c.name, e.target.checked)} />
            {c.name}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
