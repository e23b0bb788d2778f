// The part of js-yaml (4.x, which ships no types) the tests use.
declare module 'js-yaml' {
  export function load(text: string, options?: { filename?: string }): unknown;
}
