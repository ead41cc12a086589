import type { Block } from '../model';
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
        profileRows.push([d.name, c.name, c.type, c.unit ?? '', c.count, c.missingPct, c.distinct, c.min, c.max, c.mean, c.top[0]?.value ?? '']);
      }
    }
    const blocks: Block[] = [
      {
        kind: 'table',
        empty: 'No data was imported for this event.',
        table: {
          id: 'datasets',
          title: 'Datasets and versions',
          columns: [
            { key: 'dataset', label: 'Dataset', type: 'text' },
            { key: 'version', label: 'Version', type: 'integer' },
            { key: 'mode', label: 'Mode', type: 'text' },
            { key: 'file', label: 'Source file', type: 'text' },
            { key: 'sha256', label: 'SHA-256', type: 'text' },
            { key: 'rows', label: 'Rows', type: 'integer' },
            { key: 'rejected', label: 'Quarantined rows', type: 'integer' },
            { key: 'importedAt', label: 'Imported', type: 'datetime' },
          ],
          rows: versionRows,
        },
      },
    ];
    if (quarantineRows.length > 0) {
      blocks.push({
        kind: 'table',
        empty: '',
        table: {
          id: 'quarantine',
          title: 'Quarantined rows by reason',
          columns: [
            { key: 'dataset', label: 'Dataset', type: 'text' },
            { key: 'version', label: 'Version', type: 'integer' },
            { key: 'reason', label: 'Reason', type: 'text' },
            { key: 'count', label: 'Rows', type: 'integer' },
          ],
          rows: quarantineRows,
        },
      });
    }
    if (warningRows.length > 0) {
      blocks.push({
        kind: 'table',
        empty: '',
        table: {
          id: 'import-warnings',
          title: 'Import warnings',
          columns: [
            { key: 'dataset', label: 'Dataset', type: 'text' },
            { key: 'version', label: 'Version', type: 'integer' },
            { key: 'column', label: 'Column', type: 'text' },
            { key: 'message', label: 'Warning', type: 'text' },
            { key: 'count', label: 'Rows', type: 'integer' },
          ],
          rows: warningRows,
        },
      });
    }
    if (profileRows.length > 0) {
      blocks.push({
        kind: 'table',
        empty: '',
        table: {
          id: 'profiles',
          title: 'Column profiles',
          columns: [
            { key: 'dataset', label: 'Dataset', type: 'text' },
            { key: 'column', label: 'Column', type: 'text' },
            { key: 'type', label: 'Type', type: 'text' },
            { key: 'unit', label: 'Unit', type: 'text' },
            { key: 'count', label: 'Values', type: 'integer' },
            { key: 'missing', label: 'Missing', type: 'number', unit: '%' },
            { key: 'distinct', label: 'Distinct', type: 'integer' },
            { key: 'min', label: 'Min', type: 'number' },
            { key: 'max', label: 'Max', type: 'number' },
            { key: 'mean', label: 'Mean', type: 'number' },
            { key: 'top', label: 'Most frequent', type: 'text' },
          ],
          rows: profileRows,
        },
      });
    }
    return { id: 'data', title: 'Data appendix', blocks };
  },
};
