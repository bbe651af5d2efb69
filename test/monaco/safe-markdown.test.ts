import { describe, expect, it } from "vitest";
import { safeMarkdown } from "../../src/monaco/register.js";

describe("safeMarkdown", () => {
  it("keeps bold and inline code", () => {
    expect(safeMarkdown("**OfferName** (column): `OfferNmae`")).toBe(
      "**OfferName** \\(column\\)\\: `OfferNmae`",
    );
  });

  it("escapes links, images, HTML and list or heading starts from catalog text", () => {
    const escaped = safeMarkdown("# [x](https://e.example) ![i](data:x) <img src=x> - a");
    expect(escaped).toBe(
      "\\# \\[x\\]\\(https\\:\\/\\/e\\.example\\) \\!\\[i\\]\\(data\\:x\\) \\<img src\\=x\\> \\- a",
    );
  });

  it("escapes a lone backtick and backslashes", () => {
    expect(safeMarkdown("a ` b \\ c")).toBe("a \\` b \\\\ c");
  });
});
