import { useEffect, useState } from 'react';
import type { Input, Method, Output } from '../../../../common/contract/api';
import { call, errorMessage } from '../../api/client';

/**
 * Calls a search method `delay` ms after the input last changed (debounced), dropping answers that arrive after a
 * newer question, so typing never waits on a search. `null` input clears the answer.
 */
export function useDebouncedCall<M extends Method>(method: M, input: Input<M> | null, delay = 200): { data: Output<M> | null; error: string | null; pending: boolean } {
  const [data, setData] = useState<Output<M> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const key = JSON.stringify(input);
  useEffect(() => {
    if (input === null) {
      setData(null);
      setError(null);
      setPending(false);
      return;
    }
    let live = true;
    setPending(true);
    const t = window.setTimeout(() => {
      call(method, input).then(
        (v) => {
          if (!live) return;
          setData(v);
          setError(null);
          setPending(false);
        },
        (e: unknown) => {
          if (!live) return;
          setData(null);
          setError(errorMessage(e));
          setPending(false);
        },
      );
    }, delay);
    return () => {
      live = false;
      window.clearTimeout(t);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [method, key, delay]);
  return { data, error, pending };
}
