/**
 * A path glob as a regular expression on `/`-separated paths relative to a watched folder:
 * `**` any number of folders, `*` any characters within one name, `?` one character. Windows
 * paths are turned to `/` before matching, so one rules file serves both systems.
 */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const folders = glob[i + 2] === '/';
      source += folders ? '(?:[^/]*/)*' : '.*';
      i += folders ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
