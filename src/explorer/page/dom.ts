/// <reference lib="dom" />
/**
 * A small helper to build the page's elements: `h('button', { 'on:click': send }, 'Send')`.
 * May touch: nothing but the elements it makes.
 */

/** What an element may hold: nodes, text, and nothing (false, null, undefined), in nested lists. */
export type Child = Node | string | number | false | null | undefined | readonly Child[];

/** Attributes: text, numbers, `true` for a bare one, `on:event` for a listener; others skipped. */
export type Attributes = Readonly<
  Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>
>;

/**
 * An element with its attributes and children.
 *
 * @example
 * h('p', { class: 'note' }, 'Paid: ', h('strong', {}, 'yes'));
 */
export function h<Tag extends keyof HTMLElementTagNameMap>(
  tag: Tag,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[Tag] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.slice(3), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined)
      element.setAttribute(name, String(value));
  }
  element.append(...flat(children));
  return element;
}

function flat(children: readonly Child[]): (Node | string)[] {
  return children.flatMap((child): (Node | string)[] => {
    if (child === false || child === null || child === undefined) return [];
    if (Array.isArray(child)) return flat(child);
    return typeof child === 'number' ? [String(child)] : [child as Node | string];
  });
}

/** The element of `id`; throws when the page has none. */
export function byId<Type extends HTMLElement = HTMLElement>(id: string): Type {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page has no #${id}`);
  return element as Type;
}
