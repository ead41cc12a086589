import { formatDateTime } from '../../../common/domain/text/dates';
import type { Block } from '../model';
import { tableBlock } from '../tableBlock';
import type { SectionBuilder } from './types';

/**
 * Data appendix: every dataset with its versions (file, SHA-256, rows, quarantined rows), the reasons rows were
 * quarantined, the import warnings, and each column's profile. Column names and values are data: they are
 * escaped in HTML and neutralised in CSV/XLSX like everything else.
 */
export const dataSection: SectionBuilder = {
  id: 'data',
  title: 'Data appendix',
  description: 'Datasets and versions with SHA-256, rows, quarantined rows, import warnings and column profiles.',
  charts: false,
  requires: ['dataset-list', 'dataset-versions', 'dataset-profile', 'dataset-quarantine'],
  build: async (read, event) => {
    const datasets = await read('dataset-list', { eventId: event.id });
    const versionRows: Array<Array<string | number | null>> = [];
    const quarantineRows: Array<Array<string | number | null>> = [];
    const warningRows: Array<Array<string | number | null>> = [];
    const profileRows: Array<Array<string | number | null>> = [];
    for (const d of datasets) {
      const versions = await read('dataset-versions', { datasetId: d.id });
      for (const v of versions) {
        versionRows.push([d.name, v.version, v.mode, v.fileName, v.sha256, v.rowCount, v.rejectedCount, v.importedAt]);
        for (const w of v.warnings) warningRows.push([d.name, v.version, w.column ?? '', w.message, w.count ?? null]);
      }
      const latest = versions.find((v) => v.version === d.version);
      if (latest && latest.rejectedCount > 0) {
        const q = await read('dataset-quarantine', { versionId: latest.id, limit: 1 });
        for (const r of q.byReason) quarantineRows.push([d.name, latest.version, r.reason, r.count]);
      }
      const profile = await read('dataset-profile', { datasetId: d.id });
      for (const c of profile.columns) {
        // A timestamp column's min, max and mean are epoch milliseconds: printed as dates, as the reader reads them.
        const when = (v: number | null) => (c.type === 'timestamp' && v !== null && Number.isFinite(v) ? formatDateTime(new Date(v).toISOString()) : v);
        profileRows.push([d.name, c.name, c.type, c.unit ?? '', c.count, c.missingPct, c.distinct, when(c.min), when(c.max), when(c.mean), c.top[0]?.value ?? '']);
      }
    }
    const blocks: Block[] = [
      tableBlock({
        id: 'datasets',
        title: 'Datasets and versions',
        empty: 'No data was imported for this event.',
        columns: [
          ['dataset', 'Dataset'],
          ['version', 'Version', 'integer'],
          ['mode', 'Mode'],
          ['file', 'Source file'],
          ['sha256', 'SHA-256'],
          ['rows', 'Rows', 'integer'],
          ['rejected', 'Quarantined rows', 'integer'],
          ['importedAt', 'Imported', 'datetime'],
        ],
        rows: versionRows,
      }),
    ];
    if (quarantineRows.length > 0) {
      blocks.push(tableBlock({
        id: 'quarantine',
        title: 'Quarantined rows by reason',
        columns: [
          ['dataset', 'Dataset'],
          ['version', 'Version', 'integer'],
          ['reason', 'Reason'],
          ['count', 'Rows', 'integer'],
        ],
        rows: quarantineRows,
      }));
    }
    if (warningRows.length > 0) {
      blocks.push(tableBlock({
        id: 'import-warnings',
        title: 'Import warnings',
        columns: [
          ['dataset', 'Dataset'],
          ['version', 'Version', 'integer'],
          ['column', 'Column'],
          ['message', 'Warning'],
          ['count', 'Rows', 'integer'],
        ],
        rows: warningRows,
      }));
    }
    if (profileRows.length > 0) {
      blocks.push(tableBlock({
        id: 'profiles',
        title: 'Column profiles',
        columns: [
          ['dataset', 'Dataset'],
          ['column', 'Column'],
          ['type', 'Type'],
          ['unit', 'Unit'],
          ['count', 'Values', 'integer'],
          ['missing', 'Missing', 'number', '%'],
          ['distinct', 'Distinct', 'integer'],
          ['min', 'Min', 'number'],
          ['max', 'Max', 'number'],
          ['mean', 'Mean', 'number'],
          ['top', 'Most frequent'],
        ],
        rows: profileRows,
      }));
    }
    return { id: 'data', title: 'Data appendix', blocks };
  },
};
