import { describe, expect, it } from "vitest";
import { escapeXml } from "./escape";

describe("escapeXml", () => {
  it("escapes markup characters and writes characters XML cannot carry as \\xNN", () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
    expect(escapeXml("a\x00b\x07c\x1bd\x7f")).toBe("a\\x00b\\x07c\\x1bd\\x7f");
    expect(escapeXml("tab\tnl\ncr\r é")).toBe("tab\tnl\ncr\r é");
  });
});
