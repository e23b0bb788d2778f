import { describe, expect, it } from 'vitest';
import { openerFor } from '../../src/view/open-file.js';

/** `view --open`: the opener of each platform (never run in tests). */
describe('openerFor', () => {
  it('uses xdg-open on Linux and the BSDs, open on macOS, start through cmd on Windows', () => {
    expect(openerFor('linux', '/tmp/a b.html')).toEqual({ command: 'xdg-open', args: ['/tmp/a b.html'] });
    expect(openerFor('freebsd', '/tmp/a.html')).toEqual({ command: 'xdg-open', args: ['/tmp/a.html'] });
    expect(openerFor('darwin', '/tmp/a.html')).toEqual({ command: 'open', args: ['/tmp/a.html'] });
    expect(openerFor('win32', 'C:\\t\\a b.html')).toEqual({ command: 'cmd', args: ['/c', 'start', '""', '"C:\\t\\a b.html"'] });
  });
});
