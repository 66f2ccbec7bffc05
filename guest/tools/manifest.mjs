// Writes or checks guest/bin/manifest.json: the sha256 and size of every ELF, the compiler version
// and the flags that built them. Usage:
//   node tools/manifest.mjs write <dir> <compiler> <cflags> <ldflags> <libgcc>
//   node tools/manifest.mjs check <dir>
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

const [mode, dir, compiler, cflags, ldflags, libgcc] = process.argv.slice(2);
const sha256 = (path) => createHash("sha256").update(readFileSync(path)).digest("hex");

if (mode === "write") {
  const elves = {};
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".elf")).sort()) {
    const path = join(dir, name);
    elves[name] = { sha256: sha256(path), size: readFileSync(path).length };
  }
  const manifest = {
    compiler,
    cflags,
    ldflags,
    // Only the multilib's folder: the absolute path is the machine's business, not the build's.
    libgcc: libgcc.split("/").slice(-3, -1).join("/"),
    elves,
  };
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
} else if (mode === "check") {
  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
  let bad = 0;
  for (const [name, entry] of Object.entries(manifest.elves)) {
    const got = sha256(join(dir, name));
    if (got !== entry.sha256) {
      console.error(`${basename(name)}: sha256 ${got}, manifest says ${entry.sha256}`);
      bad++;
    }
  }
  process.exit(bad ? 1 : 0);
} else {
  console.error("usage: manifest.mjs write <dir> <compiler> <cflags> <ldflags> <libgcc> | check <dir>");
  process.exit(2);
}
