/**
 * Watching the files a document's options were read from (configuration files, `.reportqlignore`,
 * catalog files) on disk, for clients that cannot watch them for the server (no dynamic registration
 * of `workspace/didChangeWatchedFiles`). Each file is watched through its folder, so a file created or
 * replaced later (editors save by renaming) is seen too; events for other files of the folder are
 * dropped. A burst of events (a save, a `git checkout`) calls `onChange` once.
 */
import { type FSWatcher, watch } from "node:fs";
import { basename, dirname } from "node:path";

/**
 * Folders watched at most: each is an operating-system watch (inotify's default limit per user is
 * 8,192, shared with the editor). Documents in a few hundred folders stay far below this.
 */
const MAX_FOLDERS = 512;

interface WatchedFolder {
  readonly watcher: FSWatcher | undefined;
  readonly names: Set<string>;
}

export class FolderWatcher {
  private readonly folders = new Map<string, WatchedFolder>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly onChange: () => void,
    private readonly delayMs = 50,
  ) {}

  /** Watches these files (absent ones too: creating one is a change) besides those watched already. */
  watch(paths: Iterable<string>): void {
    if (this.closed) return;
    for (const path of paths) {
      const folder = dirname(path);
      let entry = this.folders.get(folder);
      if (entry === undefined) {
        if (this.folders.size >= MAX_FOLDERS) continue;
        entry = { watcher: openWatcher(folder, (name) => this.changed(folder, name)), names: new Set() };
        this.folders.set(folder, entry);
      }
      entry.names.add(basename(path));
    }
  }

  /** Stops watching (the server shuts down). */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const entry of this.folders.values()) entry.watcher?.close();
    this.folders.clear();
  }

  private changed(folder: string, name: string | undefined): void {
    const names = this.folders.get(folder)?.names;
    // Some platforms do not say which file changed: then any change of the folder counts.
    if (names === undefined || (name !== undefined && !names.has(name))) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (!this.closed) this.onChange();
    }, this.delayMs);
  }
}

/** A watch of a folder, or `undefined` when it cannot be watched (absent, no permission, no watches left). */
function openWatcher(folder: string, listener: (name: string | undefined) => void): FSWatcher | undefined {
  try {
    const watcher = watch(folder, { persistent: false }, (_event, name) =>
      listener(typeof name === "string" ? name : undefined),
    );
    // A folder removed, or the watch otherwise lost: nothing to report to the user, nothing to retry.
    watcher.on("error", () => watcher.close());
    return watcher;
  } catch {
    return undefined;
  }
}
