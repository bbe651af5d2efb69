/**
 * `writeStreamAtomically` when the stream fails part way (a download cut off): the failure is the
 * stream's, told apart from a write failure, the target is untouched and no temporary file is left.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { writeStreamAtomically } from "../../src/cli/atomic-file.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "reportql-atomic-"));
  return () => rmSync(dir, { recursive: true, force: true });
});

function cutOff(): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent) controller.error(new TypeError("terminated"));
      else controller.enqueue(new TextEncoder().encode("OrderId\r\n1\r\n"));
      sent = true;
    },
  });
}

describe("a stream cut off", () => {
  it.each([false, true])("target existing: %s", async (existing) => {
    const target = join(dir, "out.csv");
    if (existing) writeFileSync(target, "before");
    const written = await writeStreamAtomically(target, cutOff());
    expect(written).toMatchObject({ readFailure: expect.any(TypeError) });
    expect(readdirSync(dir)).toEqual(existing ? ["out.csv"] : []);
    if (existing) expect(readFileSync(target, "utf8")).toBe("before");
  });

  it("a stream that ends is written whole, with no readFailure", async () => {
    const target = join(dir, "out.csv");
    const written = await writeStreamAtomically(target, new Response("a,b\r\n").body as ReadableStream);
    expect(written).toEqual({ bytes: 5 });
    expect(readFileSync(target, "utf8")).toBe("a,b\r\n");
  });
});
