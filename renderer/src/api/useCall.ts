import { useCallback, useEffect, useRef, useState } from 'react';
import type { Input, Method, Output } from '../../../common/contract/api';
import { useAppStore } from '../store';
import { call } from './client';

export type CallState<T> = Readonly<{ data: T | undefined; error: string | null; loading: boolean; reload: () => void }>;

/**
 * Fetches a contract method and refetches when main reports a change in one of `areas`
 * (push event 'data-changed'), so every open view stays current.
 */
export function useCall<M extends Method>(method: M, input: Input<M> | null, areas: readonly string[]): CallState<Output<M>> {
  const [data, setData] = useState<Output<M> | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const version = useAppStore((s) => areas.map((a) => s.dataVersion[a] ?? 0).join(','));
  const key = JSON.stringify(input);
  const seq = useRef(0);
  useEffect(() => {
    if (input === null) return;
    const mine = ++seq.current;
    setLoading(true);
    call(method, input).then(
      (v) => {
        if (mine !== seq.current) return;
        setData(v);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== seq.current) return;
        setError(e instanceof Error ? e.message : String(e));
        setLoading(false);
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [method, key, version, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}
