/**
 * The rt_sigframe: its layout against an oracle (the rv32 cross compiler laying out the kernel's
 * uapi structs, written out here from their published definitions), and a frame read back from guest
 * memory after a delivery, field by field: siginfo, uc_flags, uc_link, uc_stack, uc_sigmask, every
 * saved register, the zeroed FP area, the reserved word and END header; and the handler's registers
 * (pc, ra = the trampoline, sp = the 16-aligned frame, a0/a1/a2).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PAGE_SIZE, Prot } from "@litebox-ts/core";
import { Errno, SaFlags, SiCode, SigaltstackFlags, Signal, Sys, signalBit } from "../src/index";
import { RtSigframeLayout, SigcontextLayout, UcontextLayout, SIGRETURN_TRAMPOLINE_CODE } from "../src/signal/frame-layout";
import { ECALL, R, addi, jal } from "./signal-support/asm";
import { DATA, Program, signalHarness } from "./signal-support/harness";

const CC = "riscv64-unknown-elf-gcc";
const hasCrossCompiler = spawnSync(CC, ["--version"]).status === 0;

const ORACLE = `
#include <stddef.h>
typedef unsigned int u32;
typedef unsigned long long u64;
struct user_regs_struct { unsigned long pc, ra, sp, gp, tp, t0, t1, t2, s0, s1, a0, a1, a2, a3, a4, a5, a6, a7,
  s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, t3, t4, t5, t6; };
struct f_ext_state { u32 f[32]; u32 fcsr; };
struct d_ext_state { u64 f[32]; u32 fcsr; };
struct q_ext_state { u64 f[64] __attribute__((aligned(16))); u32 fcsr; u32 reserved[3]; };
struct ctx_hdr { u32 magic; u32 size; };
struct extra_ext_header { u32 padding[129] __attribute__((aligned(16))); u32 reserved; struct ctx_hdr hdr; };
union fp_state { struct f_ext_state f; struct d_ext_state d; struct q_ext_state q; };
struct sigcontext { struct user_regs_struct sc_regs; union { union fp_state sc_fpregs; struct extra_ext_header sc_extdesc; }; };
typedef struct { void *ss_sp; int ss_flags; unsigned int ss_size; } stack_t;
typedef struct { unsigned long sig[64 / (8 * sizeof(long))]; } sigset_t;
struct ucontext { unsigned long uc_flags; struct ucontext *uc_link; stack_t uc_stack; sigset_t uc_sigmask;
  unsigned char unused[1024 / 8 - sizeof(sigset_t)]; struct sigcontext uc_mcontext; };
typedef struct { int si_signo, si_errno, si_code; union { int pad[29]; void *addr; } u; } siginfo_t;
struct rt_sigframe { siginfo_t info; struct ucontext uc; };
const unsigned layout[] = {
  sizeof(struct rt_sigframe), offsetof(struct rt_sigframe, uc),
  sizeof(struct ucontext), offsetof(struct ucontext, uc_flags), offsetof(struct ucontext, uc_link),
  offsetof(struct ucontext, uc_stack), offsetof(struct ucontext, uc_sigmask), offsetof(struct ucontext, unused),
  offsetof(struct ucontext, uc_mcontext),
  sizeof(struct sigcontext), offsetof(struct sigcontext, sc_regs.pc), offsetof(struct sigcontext, sc_regs.t6),
  offsetof(struct sigcontext, sc_fpregs), sizeof(union fp_state),
  offsetof(struct sigcontext, sc_extdesc.reserved), offsetof(struct sigcontext, sc_extdesc.hdr.magic),
  offsetof(struct sigcontext, sc_extdesc.hdr.size),
  _Alignof(struct ucontext),
};
`;

function oracleLayout(): number[] {
  const dir = mkdtempSync(join(tmpdir(), "rv32-sigframe-"));
  writeFileSync(join(dir, "layout.c"), ORACLE);
  const run = spawnSync(CC, ["-march=rv32ima", "-mabi=ilp32", "-O0", "-S", "-o", join(dir, "layout.s"), join(dir, "layout.c")], {
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(run.stderr);
  const asm = readFileSync(join(dir, "layout.s"), "utf8");
  const body = asm.slice(asm.indexOf("layout:"));
  return [...body.matchAll(/\.word\s+(\d+)/g)].map((m) => Number(m[1]));
}

describe.skipIf(!hasCrossCompiler)("rt_sigframe layout against the rv32 compiler's layout of the uapi structs", () => {
  it("every offset and size matches", () => {
    expect(oracleLayout()).toEqual([
      RtSigframeLayout.SIZE,
      RtSigframeLayout.uc,
      UcontextLayout.SIZE,
      UcontextLayout.uc_flags,
      UcontextLayout.uc_link,
      UcontextLayout.uc_stack,
      UcontextLayout.uc_sigmask,
      UcontextLayout.unused,
      UcontextLayout.uc_mcontext,
      SigcontextLayout.SIZE,
      SigcontextLayout.pc,
      31 * 4,
      SigcontextLayout.sc_fpregs,
      SigcontextLayout.fpUnionSize,
      SigcontextLayout.extdescReserved,
      SigcontextLayout.extdescMagic,
      SigcontextLayout.extdescSize,
      16,
    ]);
  });
});

const u32 = (bytes: Uint8Array, at: number): number => new DataView(bytes.buffer, bytes.byteOffset).getUint32(at, true);
const u64 = (bytes: Uint8Array, at: number): bigint => new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(at, true);

for (const kind of ["isolated", "shared"] as const) {
  describe(`the frame in guest memory (${kind})`, () => {
    it("holds the siginfo, the ucontext and every register; the handler gets pc, ra, sp, a0..a2", async () => {
      const h = signalHarness(kind);
      const p = new Program();
      const spin = p.emit(jal(R.zero, 0));
      const handler = p.emit(addi(R.zero, R.zero, 0));
      const spawned = h.spawn(p);
      const thread = spawned.process.leader!;
      const cpu = thread.cpu;
      // Odd register values, and an sp that is not 16-aligned, so alignment is visible.
      for (let r = 1; r < 32; r++) cpu.setRegister(r, 0x1000_0000 + r * 0x0101);
      const sp = 0x03ff_f000 - 0x123;
      cpu.setRegister(R.sp, sp);
      cpu.pc = spin;
      thread.signalMask = signalBit(Signal.SIGUSR2) | signalBit(40);
      const action = spawned.process.signalActions.get(Signal.SIGUSR1);
      action.handler = handler;
      action.flags = SaFlags.SA_SIGINFO;
      action.mask = signalBit(Signal.SIGTERM);
      h.shim.sendSignal(thread, Signal.SIGUSR1, { code: SiCode.SI_TKILL, pid: 77, uid: 5 });
      expect(await h.shim.interrupt(thread.guest)).toBe("resume");

      const frame = ((sp - RtSigframeLayout.SIZE) & ~15) >>> 0;
      expect(cpu.getRegister(R.sp)).toBe(frame);
      expect(frame % 16).toBe(0);
      expect(cpu.pc).toBe(handler);
      expect(cpu.getRegister(R.a0)).toBe(Signal.SIGUSR1);
      expect(cpu.getRegister(R.a1)).toBe(frame);
      expect(cpu.getRegister(R.a2)).toBe(frame + 128);
      const trampoline = cpu.getRegister(R.ra);
      const code = h.peek(spawned.process, trampoline, 8);
      expect([u32(code, 0), u32(code, 4)]).toEqual(SIGRETURN_TRAMPOLINE_CODE);
      expect(SIGRETURN_TRAMPOLINE_CODE).toEqual([0x08b0_0893, ECALL]);
      const page = h.platform.queryPage(spawned.process.space.id as number, trampoline);
      expect(page.ok && page.value?.prot).toBe(Prot.Read | Prot.Exec);
      expect(trampoline % PAGE_SIZE).toBe(0);

      const bytes = h.peek(spawned.process, frame, RtSigframeLayout.SIZE);
      // siginfo
      expect([u32(bytes, 0), u32(bytes, 4), u32(bytes, 8) | 0, u32(bytes, 12), u32(bytes, 16)]).toEqual([
        Signal.SIGUSR1, 0, SiCode.SI_TKILL, 77, 5,
      ]);
      expect(bytes.subarray(20, 128).every((b) => b === 0)).toBe(true);
      // ucontext
      const uc = 128;
      expect(u32(bytes, uc + 0)).toBe(0);
      expect(u32(bytes, uc + 4)).toBe(0);
      expect([u32(bytes, uc + 8), u32(bytes, uc + 12), u32(bytes, uc + 16)]).toEqual([0, SigaltstackFlags.SS_DISABLE, 0]);
      expect(u64(bytes, uc + 20)).toBe(signalBit(Signal.SIGUSR2) | signalBit(40));
      const mc = uc + 160;
      expect(u32(bytes, mc)).toBe(spin);
      for (let r = 1; r < 32; r++) expect(u32(bytes, mc + r * 4)).toBe(r === 2 ? sp >>> 0 : 0x1000_0000 + r * 0x0101);
      expect(bytes.subarray(mc + 128, mc + 128 + 516).every((b) => b === 0)).toBe(true);
      expect([u32(bytes, mc + 644), u32(bytes, mc + 648), u32(bytes, mc + 652)]).toEqual([0, 0, 0]);
      // the handler's mask: old | sa_mask | the signal
      expect(thread.signalMask).toBe(signalBit(Signal.SIGUSR2) | signalBit(40) | signalBit(Signal.SIGTERM) | signalBit(Signal.SIGUSR1));
    });

    it("puts the frame on the alternate stack with SA_ONSTACK and records it in uc_stack", async () => {
      const h = signalHarness(kind);
      const p = new Program();
      const spin = p.emit(jal(R.zero, 0));
      const handler = p.emit(addi(R.zero, R.zero, 0));
      const spawned = h.spawn(p);
      const thread = spawned.process.leader!;
      // sigaltstack({ DATA + 0x1000, 0, 0x4000 })
      h.pokeWords(spawned.process, DATA + 0x40, [DATA + 0x1000, 0, 0x4000]);
      expect(await h.call(thread, Sys.sigaltstack, DATA + 0x40, 0)).toBe(0);
      thread.cpu.pc = spin;
      const action = spawned.process.signalActions.get(Signal.SIGUSR1);
      action.handler = handler;
      action.flags = SaFlags.SA_ONSTACK;
      h.shim.sendSignal(thread, Signal.SIGUSR1, { code: SiCode.SI_USER });
      await h.shim.interrupt(thread.guest);
      const frame = DATA + 0x1000 + 0x4000 - RtSigframeLayout.SIZE;
      expect(thread.cpu.getRegister(R.sp)).toBe(frame);
      const uc = h.peek(spawned.process, frame + 128, 32);
      expect([u32(uc, 8), u32(uc, 12), u32(uc, 16)]).toEqual([DATA + 0x1000, 0, 0x4000]);
      // While on the alternate stack, sigaltstack reports SS_ONSTACK and refuses changes (EPERM).
      expect(await h.call(thread, Sys.sigaltstack, 0, DATA + 0x80)).toBe(0);
      expect(u32(h.peek(spawned.process, DATA + 0x84, 4), 0)).toBe(SigaltstackFlags.SS_ONSTACK);
      expect(await h.call(thread, Sys.sigaltstack, DATA + 0x40, 0)).toBe(-Errno.EPERM);
    });
  });
}
