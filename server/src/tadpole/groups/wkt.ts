import type { MultiPolygon, Polygon, Position } from 'geojson';

/**
 * WKT `POLYGON ((x y, …), (…))` or `MULTIPOLYGON (((…)), ((…)))` as GeoJSON coordinates (x = longitude), or the
 * reason it is not one. Only the two types a 网格 can be; `Z`/`M` values are dropped, `SRID=…;` is refused (the
 * datum is a column of its own). Nesting is fixed by the type, so no input can recurse.
 */
export function parseWktArea(text: string): Polygon | MultiPolygon | string {
  const m = /^\s*(POLYGON|MULTIPOLYGON)\s*(?:ZM|Z|M)?\s*(\(.*\))\s*$/is.exec(text);
  if (!m) return 'WKT must be POLYGON ((…)) or MULTIPOLYGON (((…)))';
  const multi = m[1]!.toUpperCase() === 'MULTIPOLYGON';
  const body = m[2]!;
  let i = 0;
  const skip = () => {
    while (i < body.length && /\s/.test(body[i]!)) i++;
  };
  const expect = (c: string) => {
    skip();
    if (body[i] !== c) throw new Error(`expected "${c}" at ${i}`);
    i++;
  };
  const more = () => {
    skip();
    if (body[i] === ',') {
      i++;
      return true;
    }
    return false;
  };
  const position = (): Position => {
    skip();
    const numbers = /^([-+]?[0-9.eE+-]+)\s+([-+]?[0-9.eE+-]+)(?:\s+[-+]?[0-9.eE+-]+){0,2}/.exec(body.slice(i, i + 120));
    if (!numbers) throw new Error(`expected "x y" at ${i}`);
    const x = Number(numbers[1]);
    const y = Number(numbers[2]);
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error(`not a number at ${i}`);
    i += numbers[0].length;
    return [x, y];
  };
  const ring = (): Position[] => {
    expect('(');
    const out = [position()];
    while (more()) out.push(position());
    expect(')');
    return out;
  };
  const polygon = (): Position[][] => {
    expect('(');
    const out = [ring()];
    while (more()) out.push(ring());
    expect(')');
    return out;
  };
  try {
    let geometry: Polygon | MultiPolygon;
    if (multi) {
      expect('(');
      const polygons = [polygon()];
      while (more()) polygons.push(polygon());
      expect(')');
      geometry = { type: 'MultiPolygon', coordinates: polygons };
    } else {
      geometry = { type: 'Polygon', coordinates: polygon() };
    }
    skip();
    if (i !== body.length) return `unexpected text at ${i}`;
    return geometry;
  } catch (err) {
    return `unreadable WKT: ${(err as Error).message}`;
  }
}
