/**
 * `download`'s rows from report files it cannot read as the header says: each is a
 * `ReportFileFormatError` (a `ClientError`, as the README promises of every failure) naming the line,
 * never csv-parse's own error, never a row silently missing a field, never a row held without bound;
 * and gzip data that does not decompress is a `DamagedFileError`, not a download cut off.
 */
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  ClientError,
  createClient,
  DamagedFileError,
  DownloadInterruptedError,
  type FetchLike,
  ReportFileFormatError,
} from "../../src/client/index.js";
import { CMP, execution } from "./helpers.js";

/** The rows of a report file served as `body`, or the error that ended them. */
async function rows(body: string | Uint8Array, format = "CSV") {
  const fetcher: FetchLike = async () => new Response(body, { headers: { "content-type": "text/csv" } });
  const client = createClient({ endpoint: CMP, token: "t", fetch: fetcher });
  const read: Record<string, string>[] = [];
  try {
    for await (const row of client.download(execution("http://storage.test/f.csv", format))) read.push(row);
    return { read };
  } catch (error) {
    return { read, error };
  }
}

describe("a report file download cannot read into rows", () => {
  it.each([
    ["a quote left open", 'A,B\n1,"open\n', 2, /Quote Not Closed/],
    ["a row with more fields than the header", "A,B\n1,2\n3,4,5\n", 3, /Invalid Record Length/],
    ["a header naming a column twice", "A,A\n1,2\n", 1, /names the column "A" twice/],
    ["a TSV header naming a column twice", "A\tB\tA\n1\t2\t3\n", 1, /names the column "A" twice/],
  ])("%s is a ReportFileFormatError with its line", async (_, body, line, problem) => {
    const format = body.includes("\t") ? "TSV" : "CSV";
    const { error } = await rows(body, format);
    expect(error).toBeInstanceOf(ReportFileFormatError);
    expect(error).toBeInstanceOf(ClientError);
    expect(error).toMatchObject({ executionId: "11111111-1111-1111-1111-111111111111", line });
    expect((error as ReportFileFormatError).problem).toMatch(problem);
    expect((error as Error).message).toMatch(/downloadStream gives its bytes/);
  });

  it("a row longer than 16 MiB (a file without line breaks) is refused, not held", async () => {
    const { read, error } = await rows(`A,B\n1,2\n3,${"x".repeat(16 * 1024 * 1024 + 1)}\n`);
    // Whether the row before it is handed out first depends on how the body arrives in chunks (Node
    // 24 reads larger ones, and the parser's error then ends the stream before the row is taken): at
    // most that row, never the long one.
    expect(read.length).toBeLessThanOrEqual(1);
    expect([{ A: "1", B: "2" }].slice(0, read.length)).toEqual(read);
    expect(error).toBeInstanceOf(ReportFileFormatError);
    expect((error as ReportFileFormatError).problem).toMatch(/Max Record Size/);
  });

  it("a long row below the limit is read", async () => {
    const long = "y".repeat(4 * 1024 * 1024);
    expect(await rows(`A,B\n1,${long}\n`)).toEqual({ read: [{ A: "1", B: long }] });
  });
});

describe("a gzip report file that does not decompress", () => {
  const file = gzipSync(`A,B\n${"1,2\n".repeat(1000)}`);
  it.each([
    ["bytes after its end", Buffer.concat([file, Buffer.from("junk")])],
    ["a damaged checksum", Buffer.concat([file.subarray(0, -8), Buffer.alloc(8, 0xff)])],
  ])("%s is a DamagedFileError, not a download cut off", async (_, body) => {
    const { error } = await rows(body);
    expect(error).toBeInstanceOf(DamagedFileError);
    expect((error as Error).message).toMatch(
      /is damaged: its gzip data does not decompress \(.+\); downloading it again gives the same bytes/,
    );
  });

  it("one that ends too soon is still a download cut off", async () => {
    const { error } = await rows(file.subarray(0, file.length - 20));
    expect(error).toBeInstanceOf(DownloadInterruptedError);
  });
});
