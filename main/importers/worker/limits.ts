/**
 * Heap cap of each import thread (the writer and the parser). A capped old generation makes V8 collect garbage
 * in the worker's heap sooner instead of letting it grow (each thread has its own heap): it keeps an import's
 * peak RSS flat. Nothing an import holds is near it.
 */
export const WORKER_LIMITS = { maxOldGenerationSizeMb: 192 } as const;
