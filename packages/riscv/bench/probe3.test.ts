import { test } from "vitest";
import { readFileSync } from "node:fs";
import { runTimed } from "./harness";
test("probe3", () => {
  for (const name of (process.env.G ?? "qsort").split(",")) {
    const elf = new Uint8Array(readFileSync(`/work/main/guest/bin/${name}.elf`));
    for (const path of (process.env.P ?? "flat").split(",") as ("flat" | "translated")[]) {
      let best = 0;
      for (let i = 0; i < Number(process.env.N ?? 5); i++) { const r = runTimed(elf, [name], path); best = Math.max(best, r.instructions / r.cpuMs / 1000); }
      console.log(`RESULT ${name} ${path} ${best.toFixed(0)}`);
    }
  }
});
