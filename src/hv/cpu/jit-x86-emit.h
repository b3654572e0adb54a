/* jit-x86-emit.h: the x86-64 instruction encodings the translator (jit-x86.c) emits. Each
 * function appends one instruction (or two, as named) at e->p; none checks for room, which the
 * translator reserves per block. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

typedef struct {
  uint8_t *p;
} X86Emit;

enum { RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7 };

/* x86 condition codes, as in Jcc (0x0f 0x80 + cc) and SETcc (0x0f 0x90 + cc). */
enum { CC_B = 0x2, CC_AE = 0x3, CC_E = 0x4, CC_NE = 0x5, CC_BE = 0x6, CC_L = 0xc, CC_GE = 0xd };

/* ALU operations, as the /digit of opcodes 0x81 and 0x83 and as opcode 0x01 + 8 * op. */
enum { ALU_ADD = 0, ALU_OR = 1, ALU_AND = 4, ALU_SUB = 5, ALU_XOR = 6, ALU_CMP = 7 };

/* Shifts, as the /digit of opcodes 0xc1 and 0xd3. */
enum { SHIFT_SHL = 4, SHIFT_SHR = 5, SHIFT_SAR = 7 };

static inline void
e8 (X86Emit *e, unsigned v)
{
  *e->p++ = (uint8_t) v;
}

static inline void
e32 (X86Emit *e, uint32_t v)
{
  memcpy (e->p, &v, 4);
  e->p += 4;
}

static inline void
e64 (X86Emit *e, uint64_t v)
{
  memcpy (e->p, &v, 8);
  e->p += 8;
}

static inline bool
fits_i8 (int64_t v)
{
  return v >= -128 && v <= 127;
}

static inline bool
fits_i32 (int64_t v)
{
  return v >= INT32_MIN && v <= INT32_MAX;
}

/* REX prefix for a 64-bit (@w) operation with ModRM reg @reg and r/m @rm; none if not needed. */
static inline void
rex (X86Emit *e, bool w, unsigned reg, unsigned rm)
{
  unsigned v = 0x40 | (w ? 8 : 0) | ((reg & 8) ? 4 : 0) | ((rm & 8) ? 1 : 0);
  if (v != 0x40)
    e8 (e, v);
}

/* ModRM (and displacement) for [@base + @disp], @base neither rsp nor rbp nor r12/r13. */
static inline void
modrm_mem (X86Emit *e, unsigned reg, unsigned base, int32_t disp)
{
  if (disp == 0) {
    e8 (e, (reg & 7) << 3 | (base & 7));
  } else if (fits_i8 (disp)) {
    e8 (e, 0x40 | (reg & 7) << 3 | (base & 7));
    e8 (e, (unsigned) disp & 0xff);
  } else {
    e8 (e, 0x80 | (reg & 7) << 3 | (base & 7));
    e32 (e, (uint32_t) disp);
  }
}

static inline void
modrm_reg (X86Emit *e, unsigned reg, unsigned rm)
{
  e8 (e, 0xc0 | (reg & 7) << 3 | (rm & 7));
}

/* mov @dst, @src (64 bits if @w, else 32 with the upper half of @dst zeroed). */
static inline void
mov_rr (X86Emit *e, unsigned dst, unsigned src, bool w)
{
  rex (e, w, src, dst);
  e8 (e, 0x89);
  modrm_reg (e, src, dst);
}

/* mov @reg, [@base + @disp] (64 bits). */
static inline void
load64 (X86Emit *e, unsigned reg, unsigned base, int32_t disp)
{
  rex (e, true, reg, base);
  e8 (e, 0x8b);
  modrm_mem (e, reg, base, disp);
}

/* mov [@base + @disp], @reg (64 bits). */
static inline void
store64 (X86Emit *e, unsigned reg, unsigned base, int32_t disp)
{
  rex (e, true, reg, base);
  e8 (e, 0x89);
  modrm_mem (e, reg, base, disp);
}

/* @op @dst, @src (64 bits if @w, else 32 with the upper half of @dst zeroed). */
static inline void
alu_rr (X86Emit *e, unsigned op, unsigned dst, unsigned src, bool w)
{
  rex (e, w, src, dst);
  e8 (e, 0x01 + 8 * op);
  modrm_reg (e, src, dst);
}

/* @op @dst, @imm (sign-extended to 64 bits if @w). */
static inline void
alu_ri (X86Emit *e, unsigned op, unsigned dst, int32_t imm, bool w)
{
  rex (e, w, 0, dst);
  if (fits_i8 (imm)) {
    e8 (e, 0x83);
    modrm_reg (e, op, dst);
    e8 (e, (unsigned) imm & 0xff);
  } else {
    e8 (e, 0x81);
    modrm_reg (e, op, dst);
    e32 (e, (uint32_t) imm);
  }
}

/* @dst += @v, 64 bits, for any @v. */
static inline void
add_const (X86Emit *e, unsigned dst, int64_t v, unsigned tmp)
{
  if (v == 0)
    return;
  if (fits_i32 (v)) {
    alu_ri (e, ALU_ADD, dst, (int32_t) v, true);
    return;
  }
  rex (e, true, 0, tmp); /* mov tmp, imm64 */
  e8 (e, 0xb8 + (tmp & 7));
  e64 (e, (uint64_t) v);
  alu_rr (e, ALU_ADD, dst, tmp, true);
}

/* @reg = @v, 64 bits. */
static inline void
mov_const (X86Emit *e, unsigned reg, uint64_t v)
{
  if (v <= UINT32_MAX) { /* mov r32, imm32 zero-extends */
    rex (e, false, 0, reg);
    e8 (e, 0xb8 + (reg & 7));
    e32 (e, (uint32_t) v);
  } else if (fits_i32 ((int64_t) v)) { /* mov r/m64, simm32 */
    rex (e, true, 0, reg);
    e8 (e, 0xc7);
    modrm_reg (e, 0, reg);
    e32 (e, (uint32_t) v);
  } else {
    rex (e, true, 0, reg);
    e8 (e, 0xb8 + (reg & 7));
    e64 (e, v);
  }
}

/* @kind @reg by @n (0xc1) or by cl (@n < 0); 64 or 32 bits. */
static inline void
shift (X86Emit *e, unsigned kind, unsigned reg, int n, bool w)
{
  rex (e, w, 0, reg);
  if (n < 0) {
    e8 (e, 0xd3);
    modrm_reg (e, kind, reg);
  } else {
    e8 (e, 0xc1);
    modrm_reg (e, kind, reg);
    e8 (e, (unsigned) n);
  }
}

/* movsxd @reg, @reg32: the sign extension every RV64 .W result gets. */
static inline void
sext32 (X86Emit *e, unsigned reg)
{
  rex (e, true, reg, reg);
  e8 (e, 0x63);
  modrm_reg (e, reg, reg);
}

/* eax = the condition @cc as 0 or 1. */
static inline void
set_cc (X86Emit *e, unsigned cc)
{
  e8 (e, 0x0f);
  e8 (e, 0x90 + cc);
  e8 (e, 0xc0);
  e8 (e, 0x0f); /* movzx eax, al */
  e8 (e, 0xb6);
  e8 (e, 0xc0);
}

/* A forward jump (Jcc rel32, or JMP rel32 with @cc < 0) to be patched by jump_here(). */
static inline uint8_t *
jump_fwd (X86Emit *e, int cc)
{
  if (cc < 0) {
    e8 (e, 0xe9);
  } else {
    e8 (e, 0x0f);
    e8 (e, 0x80 + (unsigned) cc);
  }
  uint8_t *at = e->p;
  e32 (e, 0);
  return at;
}

static inline void
jump_here (X86Emit *e, uint8_t *at)
{
  uint32_t rel = (uint32_t) (e->p - (at + 4));
  memcpy (at, &rel, 4);
}

/* @op qword [@base + @disp], @imm8. */
static inline void
alu_mem_i8 (X86Emit *e, unsigned op, unsigned base, int32_t disp, int8_t imm)
{
  rex (e, true, 0, base);
  e8 (e, 0x83);
  modrm_mem (e, op, base, disp);
  e8 (e, (uint8_t) imm);
}
