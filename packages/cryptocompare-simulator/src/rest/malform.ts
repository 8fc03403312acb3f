import type { MalformedKind } from '../faults';

export type Rendered = { text: string; contentType: string };

const json = 'application/json; charset=UTF-8';

/** Breaks a response the way a flaky upstream or proxy might. */
export function malform(kind: MalformedKind, body: unknown): Rendered {
  const text = JSON.stringify(body);
  switch (kind) {
    case 'truncated':
      return { text: text.slice(0, Math.floor(text.length / 2)), contentType: json };
    case 'empty':
      return { text: '', contentType: json };
    case 'non-json':
      return { text: '<html><body><h1>502 Bad Gateway</h1></body></html>', contentType: 'text/html' };
    default:
      return { text: JSON.stringify(mutateQuotes(structuredClone(body), kind)), contentType: json };
  }
}

type Fields = Record<string, unknown>;

/** Applies a value-level fault to every RAW quote and every histo point in the body. */
function mutateQuotes(body: unknown, kind: MalformedKind): unknown {
  if (!isObject(body)) return body;
  if (isObject(body.RAW)) {
    for (const quotes of Object.values(body.RAW)) {
      if (isObject(quotes))
        for (const quote of Object.values(quotes)) if (isObject(quote)) mutateQuote(quote, kind);
    }
  }
  const points = isObject(body.Data) ? body.Data.Data : undefined;
  if (Array.isArray(points)) for (const point of points) if (isObject(point)) mutatePoint(point, kind);
  return body;
}

function mutateQuote(quote: Fields, kind: MalformedKind): void {
  if (kind === 'nan-price') quote.PRICE = 'NaN';
  if (kind === 'null-price') quote.PRICE = null;
  if (kind === 'missing-fields') {
    delete quote.PRICE;
    delete quote.LASTUPDATE;
    delete quote.LASTTRADEID;
  }
  if (kind === 'wrong-types') {
    quote.PRICE = String(quote.PRICE);
    quote.LASTUPDATE = String(quote.LASTUPDATE);
    quote.FLAGS = Number(quote.FLAGS);
    quote.TYPE = 5;
  }
}

function mutatePoint(point: Fields, kind: MalformedKind): void {
  if (kind === 'nan-price') point.close = 'NaN';
  if (kind === 'null-price') point.close = null;
  if (kind === 'missing-fields') {
    delete point.close;
    delete point.time;
  }
  if (kind === 'wrong-types') {
    point.time = String(point.time);
    point.close = String(point.close);
  }
}

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
