import type http from 'node:http';

export type BodyLimits = Readonly<{ maxBodyBytes: number; bodyTimeoutMs: number }>;

export type BodyResult =
  | Readonly<{ ok: true; body: Buffer }>
  | Readonly<{ ok: false; status: 408 | 413; message: string }>
  | Readonly<{ ok: false; status: 0 }>;

/**
 * Reads a request body, giving up as soon as it passes the size cap (the rest is never read) or when it has not
 * fully arrived within the timeout. The caller answers the failure with Connection: close (see refuseAndClose).
 * Status 0: the client went away; there is no one to answer.
 */
export function readBody(req: http.IncomingMessage, limits: BodyLimits): Promise<BodyResult> {
  const tooLarge: BodyResult = { ok: false, status: 413, message: `Request body over ${limits.maxBodyBytes} bytes.` };
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limits.maxBodyBytes) return Promise.resolve(tooLarge);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (r: BodyResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      // Stop pulling bytes off the socket: TCP back-pressure holds the sender until the socket is closed.
      if (!r.ok) req.pause();
      resolve(r);
    };
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limits.maxBodyBytes) finish(tooLarge);
      else chunks.push(c);
    };
    const onEnd = () => finish({ ok: true, body: Buffer.concat(chunks) });
    const timer = setTimeout(
      () => finish({ ok: false, status: 408, message: `The request body did not arrive within ${Math.round(limits.bodyTimeoutMs / 1000) || 1} s.` }),
      limits.bodyTimeoutMs,
    );
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', () => finish({ ok: false, status: 0 }));
    req.on('close', () => finish({ ok: false, status: 0 }));
  });
}

/**
 * Answers and closes the connection without reading what is left of the request. The socket is destroyed a
 * moment after the answer is flushed, so the client reads the status instead of a reset.
 */
export function closeAfter(res: http.ServerResponse, req: http.IncomingMessage): void {
  res.shouldKeepAlive = false;
  res.once('finish', () => {
    const t = setTimeout(() => req.socket.destroy(), 250);
    t.unref();
    req.socket.once('close', () => clearTimeout(t));
  });
}

/** Answers with a JSON body and the headers every API answer carries (both listeners: the app's host and room mode). */
export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

/**
 * The JSON body of a POST /api/… call, or null once the request has been answered: wrong content type or a body
 * over the limits go to `refuse` (which closes the connection), unparsable JSON gets 400 VALIDATION.
 */
export async function readJsonBody(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  limits: BodyLimits,
  refuse: (status: number, message: string) => void,
): Promise<{ input: unknown } | null> {
  if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
    refuse(415, 'Send the request body as JSON with Content-Type: application/json.');
    return null;
  }
  const body = await readBody(req, limits);
  if (!body.ok) {
    if (body.status !== 0) refuse(body.status, body.message);
    return null;
  }
  if (body.body.length === 0) return { input: undefined };
  try {
    return { input: JSON.parse(body.body.toString('utf8')) as unknown };
  } catch {
    sendJson(res, 400, { ok: false, error: { code: 'VALIDATION', message: 'The request body is not valid JSON.' } });
    return null;
  }
}
