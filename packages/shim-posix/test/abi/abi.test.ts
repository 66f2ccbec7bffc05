import { describe, expect, it } from "vitest";
import {
  ABSENT_ON_RV32,
  CloneFlag,
  Errno,
  FcntlCmd,
  IdType,
  OpenFlag,
  SaFlags,
  Signal,
  SiCode,
  Sys,
  WaitOption,
  decodeWaitStatus,
  defaultAction,
  exitedStatus,
  isErrorReturn,
  isValidSignal,
  signaledStatus,
  syscallName,
} from "../../src/index";
import { hasKernelHeaders, headerMacros } from "./kernel-headers";

// riscv's own numbers (arch/riscv/include/uapi/asm/unistd.h), not in asm-generic.
const RISCV_SPECIFIC = new Set(["riscv_flush_icache", "riscv_hwprobe"]);

describe.skipIf(!hasKernelHeaders)("ABI tables equal the kernel's uapi headers as riscv32 compiles them", () => {
  it("syscall numbers: every name matches, and every number absent on rv32 is absent from the header", () => {
    const macros = headerMacros("asm-generic/unistd.h", ["__ARCH_WANT_SYS_CLONE3", "__ARCH_WANT_MEMFD_SECRET"]);
    const numbers = new Map<string, number>();
    for (const [name, value] of macros) if (name.startsWith("__NR_") && name !== "__NR_syscalls") numbers.set(name.slice(5), value);
    numbers.set("riscv_flush_icache", (macros.get("__NR_arch_specific_syscall") ?? NaN) + 15);
    numbers.set("riscv_hwprobe", (macros.get("__NR_arch_specific_syscall") ?? NaN) + 14);
    for (const [name, nr] of Object.entries(Sys)) {
      expect.soft(numbers.get(name), `__NR_${name}`).toBe(nr);
    }
    const present = new Set(numbers.values());
    for (const nr of ABSENT_ON_RV32) expect.soft(present.has(nr), `number ${nr} should be absent`).toBe(false);
    // Everything the header defines below 450 that we did not name is at least not misnamed.
    for (const [name, nr] of numbers) {
      if (name in Sys || RISCV_SPECIFIC.has(name)) continue;
      expect.soft(syscallName(nr), `${name}=${nr}`).toBeUndefined();
    }
  });

  it("errno values", () => {
    const macros = headerMacros("asm-generic/errno.h");
    const kernelOnly = new Set(["ERESTARTSYS", "ERESTARTNOINTR", "ERESTARTNOHAND", "ERESTART_RESTARTBLOCK"]);
    for (const [name, value] of Object.entries(Errno)) {
      if (kernelOnly.has(name)) continue;
      expect.soft(macros.get(name), name).toBe(value);
    }
    // The kernel-internal restart codes (include/linux/errno.h, not uapi): fixed values.
    expect([Errno.ERESTARTSYS, Errno.ERESTARTNOINTR, Errno.ERESTARTNOHAND, Errno.ERESTART_RESTARTBLOCK]).toEqual([512, 513, 514, 516]);
  });

  it("signal numbers and sigaction flags (asm-generic, no SA_RESTORER on riscv)", () => {
    const macros = headerMacros("asm-generic/signal.h");
    for (const [name, value] of Object.entries(Signal)) {
      if (name === "SIGRTMAX") expect(macros.get("_NSIG")).toBe(value);
      else if (name === "SIGRTMIN") expect(macros.get("SIGRTMIN")).toBe(value);
      else expect.soft(macros.get(name), name).toBe(value);
    }
    for (const [name, value] of Object.entries(SaFlags)) expect.soft((macros.get(name) ?? NaN) >>> 0, name).toBe(value);
    expect(macros.has("SA_RESTORER")).toBe(false);
  });

  it("si_code values", () => {
    const macros = headerMacros("asm-generic/siginfo.h");
    for (const [name, value] of Object.entries(SiCode)) expect.soft(macros.get(name), name).toBe(value);
  });

  it("open flags and fcntl commands", () => {
    const macros = headerMacros("asm-generic/fcntl.h");
    for (const [name, value] of Object.entries(OpenFlag)) {
      if (name === "O_SYNC" || name === "O_TMPFILE") continue; // composite macros, checked below
      expect.soft(macros.get(name), name).toBe(value);
    }
    expect(OpenFlag.O_SYNC).toBe((macros.get("__O_SYNC") ?? NaN) | (macros.get("O_DSYNC") ?? NaN));
    expect(OpenFlag.O_TMPFILE).toBe((macros.get("__O_TMPFILE") ?? NaN) | (macros.get("O_DIRECTORY") ?? NaN));
    for (const name of ["F_DUPFD", "F_GETFD", "F_SETFD", "F_GETFL", "F_SETFL", "F_GETLK", "F_SETLK", "F_SETLKW", "F_SETOWN", "F_GETOWN"] as const) {
      expect.soft(macros.get(name), name).toBe(FcntlCmd[name]);
    }
    const linux = headerMacros("linux/fcntl.h");
    for (const name of ["F_DUPFD_CLOEXEC", "F_SETPIPE_SZ", "F_GETPIPE_SZ", "F_ADD_SEALS", "F_GET_SEALS"] as const) {
      expect.soft(linux.get(name), name).toBe(FcntlCmd[name]);
    }
  });

  it("clone flags, waitid id types and options", () => {
    const sched = headerMacros("linux/sched.h");
    for (const [name, value] of Object.entries(CloneFlag)) expect.soft(sched.get(name), name).toBe(value);
    const wait = headerMacros("linux/wait.h");
    for (const [name, value] of Object.entries(IdType)) expect.soft(wait.get(name), name).toBe(value);
    for (const [name, value] of Object.entries(WaitOption)) expect.soft((wait.get(name) ?? NaN) >>> 0, name).toBe(value);
  });
});

describe("ABI helpers", () => {
  it("encode wait statuses as Linux does and decode them into siginfo fields", () => {
    expect(exitedStatus(3)).toBe(0x300);
    expect(exitedStatus(256 + 7)).toBe(0x700);
    expect(signaledStatus(Signal.SIGKILL)).toBe(9);
    expect(signaledStatus(Signal.SIGSEGV, true)).toBe(0x8b);
    expect(decodeWaitStatus(0x300)).toEqual({ code: SiCode.CLD_EXITED, status: 3 });
    expect(decodeWaitStatus(9)).toEqual({ code: SiCode.CLD_KILLED, status: 9 });
    expect(decodeWaitStatus(0x8b)).toEqual({ code: SiCode.CLD_DUMPED, status: 11 });
  });

  it("classify default actions, valid signals and error returns", () => {
    expect(defaultAction(Signal.SIGCHLD)).toBe("Ignore");
    expect(defaultAction(Signal.SIGSEGV)).toBe("Core");
    expect(defaultAction(Signal.SIGKILL)).toBe("Terminate");
    expect(defaultAction(Signal.SIGSTOP)).toBe("Stop");
    expect(defaultAction(Signal.SIGCONT)).toBe("Continue");
    expect(defaultAction(40)).toBe("Terminate");
    expect([0, 1, 64, 65, 1.5].map(isValidSignal)).toEqual([false, true, true, false, false]);
    expect([-1, -4095, -4096, 0, 5].map(isErrorReturn)).toEqual([true, true, false, false, false]);
    expect(syscallName(Sys.clone)).toBe("clone");
    expect(syscallName(260)).toBeUndefined();
  });
});
