/**
 * Fills the cells of a grid that have no data (`isHole`) with the height of the nearest cell that has (4-connected
 * steps, breadth first), in place. Used at the DEM's edge inside a tile, so the hillshade shows a flat margin
 * instead of a cliff down to the no-data value. Returns how many cells were filled; a grid without any data is left
 * as it is.
 */
export function fillNearest(
  values: Float32Array,
  width: number,
  height: number,
  isHole: (v: number) => boolean,
): number {
  const n = width * height;
  const queue = new Int32Array(n);
  const known = new Uint8Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) {
    if (!isHole(values[i]!)) {
      known[i] = 1;
      queue[tail++] = i;
    }
  }
  if (tail === 0 || tail === n) return 0;
  const filled = n - tail;
  // Plain loops, no closure per cell: this runs over millions of cells per block.
  while (head < tail) {
    const i = queue[head++]!;
    const x = i % width;
    const v = values[i]!;
    const left = x > 0 ? i - 1 : -1;
    const right = x < width - 1 ? i + 1 : -1;
    const up = i >= width ? i - width : -1;
    const down = i < n - width ? i + width : -1;
    if (left >= 0 && !known[left]) {
      known[left] = 1;
      values[left] = v;
      queue[tail++] = left;
    }
    if (right >= 0 && !known[right]) {
      known[right] = 1;
      values[right] = v;
      queue[tail++] = right;
    }
    if (up >= 0 && !known[up]) {
      known[up] = 1;
      values[up] = v;
      queue[tail++] = up;
    }
    if (down >= 0 && !known[down]) {
      known[down] = 1;
      values[down] = v;
      queue[tail++] = down;
    }
  }
  return filled;
}
