/**
 * `.gitignore` files below the project root, as git reads them: each one's patterns apply to the paths
 * under its folder, relative to that folder (`sub/.gitignore` with `gen/` ignores `sub/gen/`). Read on
 * first need and kept, one read per folder, so a walk costs one failed open per folder without one.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ignore, { type Ignore } from "ignore";

/** Whether a path (relative to `root`, with `/`; a folder ends with `/`) is ignored by a nested `.gitignore`. */
export function nestedGitignores(root: string): (path: string) => boolean {
  const byFolder = new Map<string, Ignore | undefined>();
  const rulesOf = (folder: string): Ignore | undefined => {
    if (byFolder.has(folder)) return byFolder.get(folder);
    let rules: Ignore | undefined;
    try {
      rules = ignore().add(readFileSync(join(root, folder, ".gitignore"), "utf8"));
    } catch {
      rules = undefined; // No such file (or not readable): nothing to add.
    }
    byFolder.set(folder, rules);
    return rules;
  };
  return (path) => {
    // Each folder above the path, from the outermost; the root's own .gitignore is read elsewhere.
    for (
      let slash = path.indexOf("/");
      slash !== -1 && slash < path.length - 1;
      slash = path.indexOf("/", slash + 1)
    ) {
      const folder = path.slice(0, slash);
      if (rulesOf(folder)?.ignores(path.slice(slash + 1))) return true;
    }
    return false;
  };
}
