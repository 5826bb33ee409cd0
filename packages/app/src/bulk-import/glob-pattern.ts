/**
 * A path glob as a regular expression, on `/`-separated relative paths: `**` any number of
 * folders (also none), `*` any characters within one name, `?` one character; each `*`, `**`
 * and `?` is a capture group, so a rule's template can use what it matched as `{1}`, `{2}`, ….
 * Case-sensitive, as paths are on Linux; a cycler PC's Windows paths arrive with `/` too.
 *
 * @example
 * globToRegExp('cells/*\/**\/*.csv').exec('cells/A1/run 2/data.csv')?.slice(1) // ['A1', 'run 2/', 'data']
 */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` is zero or more whole folders; a trailing `**` anything at all.
      if (glob[i + 2] === '/') {
        source += '((?:[^/]*/)*)';
        i += 2;
      } else {
        source += '(.*)';
        i += 1;
      }
    } else if (c === '*') source += '([^/]*)';
    else if (c === '?') source += '([^/])';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
