/** Where in the tadpole pages the hash points: `#/tadpole`, `#/tadpole/new`, `#/tadpole/a/<alert id>`. */
export type TadpoleView = { view: 'list' } | { view: 'new' } | { view: 'alert'; id: string };

export function parseTadpoleHash(hash: string): TadpoleView {
  const m = /^#\/tadpole(?:\/(new|a\/([0-9a-fA-F-]{36})))?\/?$/.exec(hash);
  if (!m) return { view: 'list' };
  if (m[1] === 'new') return { view: 'new' };
  if (m[2]) return { view: 'alert', id: m[2].toLowerCase() };
  return { view: 'list' };
}

export function tadpoleHash(v: TadpoleView): string {
  switch (v.view) {
    case 'list':
      return '#/tadpole';
    case 'new':
      return '#/tadpole/new';
    case 'alert':
      return `#/tadpole/a/${v.id}`;
  }
}
