import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AppError } from '../common/contract/errors';
import { createDispatch } from './dispatch';
import type { HandlerMap } from './handlers';
import { storeError } from './storeErrors';

const folder = path.resolve('/data/Kaizen Studio');
const ctx = { folder };

function errno(code: string, syscall: string, p?: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${syscall} ${p ?? ''}`), { code, syscall, ...(p ? { path: p } : {}) });
}

function sqlite(code: string): Error {
  return new Database.SqliteError(`sqlite says ${code}`, code);
}

describe('storeError', () => {
  it('maps a full disk from SQLite or Node to DISK_FULL naming the folder', () => {
    for (const e of [sqlite('SQLITE_FULL'), errno('ENOSPC', 'write'), errno('EDQUOT', 'write'), errno('ENOSPC', 'open', path.join(folder, 'tmp', 'x'))]) {
      expect(storeError(e, ctx)?.toPayload()).toEqual({
        code: 'DISK_FULL',
        message: `The disk holding ${folder} is full; free space and try again — nothing was lost`,
        details: { folder },
      });
    }
  });

  it("names the folder of a file outside the data folder (a report's --out)", () => {
    const out = path.resolve('/media/usb/reports/a3.pdf');
    expect(storeError(errno('ENOSPC', 'open', out), ctx)?.message).toBe(`The disk holding ${path.dirname(out)} is full; free space and try again — nothing was lost`);
  });

  it('maps SQLITE_BUSY and SQLITE_LOCKED to BUSY, saying what holds the store when known', () => {
    expect(storeError(sqlite('SQLITE_BUSY'), ctx)?.toPayload()).toEqual({
      code: 'BUSY',
      message: 'The store is busy with another program or window — try again in a moment; nothing was lost',
      details: { with: 'another program or window' },
    });
    expect(storeError(sqlite('SQLITE_BUSY_SNAPSHOT'), { folder, busyWith: () => 'an import' })?.message).toBe(
      'The store is busy with an import — try again in a moment; nothing was lost',
    );
    expect(storeError(sqlite('SQLITE_LOCKED'), ctx)?.code).toBe('BUSY');
  });

  it('maps a read-only store or medium and a denied write to READ_ONLY', () => {
    expect(storeError(sqlite('SQLITE_READONLY'), ctx)?.toPayload()).toMatchObject({ code: 'READ_ONLY', details: { folder, reason: 'read-only' } });
    expect(storeError(errno('EROFS', 'open', path.join(folder, 'kaizen.db')), ctx)?.message).toMatch(`cannot write to ${folder} (read-only)`);
    expect(storeError(errno('EACCES', 'mkdir', folder), ctx)?.message).toMatch(`cannot write to ${folder} (permission denied)`);
    expect(storeError(errno('EACCES', 'rename', path.resolve('/srv/out/report.pdf')), ctx)?.message).toMatch(`cannot write to ${path.resolve('/srv/out')} (permission denied)`);
  });

  it('leaves everything else to the caller (INTERNAL or its own message)', () => {
    expect(storeError(errno('EACCES', 'open', path.resolve('/home/ana/secret.csv')), ctx)).toBeNull();
    expect(storeError(sqlite('SQLITE_CONSTRAINT_FOREIGNKEY'), ctx)).toBeNull();
    expect(storeError(new Error('boom'), ctx)).toBeNull();
    expect(storeError(new AppError('NOT_FOUND', 'x'), ctx)).toBeNull();
    expect(storeError('text', ctx)).toBeNull();
  });
});

describe('dispatch', () => {
  it('answers DISK_FULL instead of INTERNAL and logs nothing', async () => {
    const logged: string[] = [];
    const handlers = {
      'event-create': () => {
        throw errno('ENOSPC', 'write');
      },
    } as unknown as HandlerMap;
    const dispatch = createDispatch(handlers, { error: (m) => logged.push(m) }, ctx);
    expect(await dispatch('event-create', { name: 'x' })).toMatchObject({ ok: false, error: { code: 'DISK_FULL' } });
    expect(logged).toEqual([]);
  });
});
