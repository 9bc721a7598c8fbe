/**
 * Where in the tadpole pages the hash points: `#/tadpole`, `#/tadpole/new`, `#/tadpole/a/<alert id>`,
 * `#/tadpole/groups` (the community groups).
 */
export type TadpoleView = { view: 'list' } | { view: 'new' } | { view: 'groups' } | { view: 'alert'; id: string };

export function parseTadpoleHash(hash: string): TadpoleView {
  const m = /^#\/tadpole(?:\/(new|groups|a\/([0-9a-fA-F-]{36})))?\/?$/.exec(hash);
  if (!m) return { view: 'list' };
  if (m[1] === 'new') return { view: 'new' };
  if (m[1] === 'groups') return { view: 'groups' };
  if (m[2]) return { view: 'alert', id: m[2].toLowerCase() };
  return { view: 'list' };
}

export function tadpoleHash(v: TadpoleView): string {
  switch (v.view) {
    case 'list':
      return '#/tadpole';
    case 'new':
      return '#/tadpole/new';
    case 'groups':
      return '#/tadpole/groups';
    case 'alert':
      return `#/tadpole/a/${v.id}`;
  }
}
