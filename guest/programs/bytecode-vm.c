/* bytecode-vm: a small stack-machine interpreter (switch dispatch, globals, calls) running two
 * bytecode programs assembled at start-up: an FNV-style hash loop and a trial-division prime count.
 * Usage: bytecode-vm [scale]  (default 25). Prints both results and the number of VM steps; the exit
 * status is the low 7 bits of hash ^ primes, 2 on a bad scale. Builds natively unchanged. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum op {
  HALT, PUSH, POP, DUP, SWAP, LOAD, STORE, INC, ADD, SUB, MUL, DIVU, MODU,
  AND, OR, XOR, SHL, SHRU, LT, LTU, EQ, JMP, JZ, JNZ, CALL, RET,
};

/* ---- a tiny assembler with forward labels ---- */
#define CODE_MAX 1024
#define LABELS 16
static uint8_t code[CODE_MAX];
static int pc_asm;
static int label_at[LABELS];
static struct {
  int at, label;
} fixups[64];
static int nfix;

static void emit8(int v) { code[pc_asm++] = (uint8_t)v; }
static void emit32(uint32_t v) {
  for (int i = 0; i < 4; i++) emit8((int)(v >> (8 * i)) & 0xff);
}
static void op(enum op o) { emit8(o); }
static void op_imm(enum op o, uint32_t v) {
  emit8(o);
  emit32(v);
}
static void op_g(enum op o, int g) {
  emit8(o);
  emit8(g);
}
static void op_to(enum op o, int label) {
  emit8(o);
  fixups[nfix].at = pc_asm;
  fixups[nfix++].label = label;
  emit8(0);
  emit8(0);
}
static void label(int l) { label_at[l] = pc_asm; }
static void link(void) {
  for (int i = 0; i < nfix; i++) {
    code[fixups[i].at] = (uint8_t)label_at[fixups[i].label];
    code[fixups[i].at + 1] = (uint8_t)(label_at[fixups[i].label] >> 8);
  }
}

/* ---- the machine ---- */
static uint32_t globals[16];
static uint32_t steps;

static uint32_t run(int entry) {
  uint32_t stack[64];
  uint16_t calls[32];
  int sp = 0, csp = 0, pc = entry;
  for (;;) {
    steps++;
    uint8_t o = code[pc++];
    switch (o) {
      case HALT: return stack[sp - 1];
      case PUSH:
        stack[sp++] = (uint32_t)code[pc] | (uint32_t)code[pc + 1] << 8 | (uint32_t)code[pc + 2] << 16 |
                      (uint32_t)code[pc + 3] << 24;
        pc += 4;
        break;
      case POP: sp--; break;
      case DUP: stack[sp] = stack[sp - 1], sp++; break;
      case SWAP: {
        uint32_t t = stack[sp - 1];
        stack[sp - 1] = stack[sp - 2];
        stack[sp - 2] = t;
        break;
      }
      case LOAD: stack[sp++] = globals[code[pc++]]; break;
      case STORE: globals[code[pc++]] = stack[--sp]; break;
      case INC: globals[code[pc++]]++; break;
#define BIN(name, expr)                  \
  case name: {                           \
    uint32_t b = stack[--sp];            \
    uint32_t a = stack[sp - 1];          \
    stack[sp - 1] = (expr);              \
    break;                               \
  }
      BIN(ADD, a + b)
      BIN(SUB, a - b)
      BIN(MUL, a * b)
      BIN(DIVU, b ? a / b : 0)
      BIN(MODU, b ? a % b : a)
      BIN(AND, a & b)
      BIN(OR, a | b)
      BIN(XOR, a ^ b)
      BIN(SHL, a << (b & 31))
      BIN(SHRU, a >> (b & 31))
      BIN(LT, (int32_t)a < (int32_t)b)
      BIN(LTU, a < b)
      BIN(EQ, a == b)
      case JMP: pc = code[pc] | code[pc + 1] << 8; break;
      case JZ: pc = stack[--sp] == 0 ? (code[pc] | code[pc + 1] << 8) : pc + 2; break;
      case JNZ: pc = stack[--sp] != 0 ? (code[pc] | code[pc + 1] << 8) : pc + 2; break;
      case CALL:
        calls[csp++] = (uint16_t)(pc + 2);
        pc = code[pc] | code[pc + 1] << 8;
        break;
      case RET: pc = calls[--csp]; break;
      default:
        printf("bytecode-vm: bad opcode %u at %d\n", o, pc - 1);
        exit(3);
    }
  }
}

enum { L_HASH, L_HLOOP, L_HEND, L_PRIMES, L_OUTER, L_DONE, L_ISPRIME, L_TRY, L_YES, L_NO };

static void assemble(void) {
  /* hash: g1 = fnv basis; for g2 in 0..g0: g1 = ((g1 ^ g2) * prime); g1 ^= g1 >> 13 */
  label(L_HASH);
  op_imm(PUSH, 2166136261u), op_g(STORE, 1);
  op_imm(PUSH, 0), op_g(STORE, 2);
  label(L_HLOOP);
  op_g(LOAD, 2), op_g(LOAD, 0), op(LTU), op_to(JZ, L_HEND);
  op_g(LOAD, 1), op_g(LOAD, 2), op(XOR), op_imm(PUSH, 16777619u), op(MUL), op_g(STORE, 1);
  op_g(LOAD, 1), op_imm(PUSH, 13), op(SHRU), op_g(LOAD, 1), op(XOR), op_g(STORE, 1);
  op_g(INC, 2), op_to(JMP, L_HLOOP);
  label(L_HEND);
  op_g(LOAD, 1), op(HALT);

  /* primes: g3 = number of primes p with 2 <= p < g0, by calling isprime(g2) */
  label(L_PRIMES);
  op_imm(PUSH, 0), op_g(STORE, 3);
  op_imm(PUSH, 2), op_g(STORE, 2);
  label(L_OUTER);
  op_g(LOAD, 2), op_g(LOAD, 0), op(LTU), op_to(JZ, L_DONE);
  op_g(LOAD, 2), op_to(CALL, L_ISPRIME), op_g(LOAD, 3), op(ADD), op_g(STORE, 3);
  op_g(INC, 2), op_to(JMP, L_OUTER);
  label(L_DONE);
  op_g(LOAD, 3), op(HALT);

  /* isprime(v): 1 if no d with d*d <= v divides v */
  label(L_ISPRIME);
  op_g(STORE, 4), op_imm(PUSH, 2), op_g(STORE, 5);
  label(L_TRY);
  op_g(LOAD, 4), op_g(LOAD, 5), op_g(LOAD, 5), op(MUL), op(LTU), op_to(JNZ, L_YES);
  op_g(LOAD, 4), op_g(LOAD, 5), op(MODU), op_to(JZ, L_NO);
  op_g(INC, 5), op_to(JMP, L_TRY);
  label(L_YES);
  op_imm(PUSH, 1), op(RET);
  label(L_NO);
  op_imm(PUSH, 0), op(RET);
  link();
}

int main(int argc, char **argv) {
  uint32_t scale = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 25;
  if (scale == 0 || scale > 100000) {
    printf("bytecode-vm: scale must be 1..100000\n");
    return 2;
  }
  assemble();
  globals[0] = scale * 25000;
  uint32_t hash = run(label_at[L_HASH]);
  globals[0] = scale * 2500;
  uint32_t primes = run(label_at[L_PRIMES]);
  printf("bytecode-vm: scale=%u hash=%08x primes=%u steps=%u\n", scale, hash, primes, steps);
  return (int)((hash ^ primes) & 0x7f);
}
