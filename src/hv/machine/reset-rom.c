/* reset-rom.c: the reset ROM (see reset-rom.h).
 *
 *   +0   auipc t0, 0              t0 = the ROM's own address
 *   +4   csrr  a0, mhartid
 *   +8   ld    a1, 32(t0)         the device tree
 *   +12  addi  a2, t0, 40         the fw_dynamic_info below
 *   +16  ld    t0, 24(t0)         the firmware's entry
 *   +20  jr    t0
 *   +24  .dword entry
 *   +32  .dword fdt_addr
 *   +40  struct fw_dynamic_info (6 dwords)
 */
#include "hv/machine/reset-rom.h"

#include <glib.h>
#include <string.h>

#include "common/pvm-bytes.h"
#include "hv/cpu/csr.h"

enum { REG_ZERO = 0, REG_T0 = 5, REG_A0 = 10, REG_A1 = 11, REG_A2 = 12 };

enum {
  OPC_LOAD = 0x03,
  OPC_OP_IMM = 0x13,
  OPC_AUIPC = 0x17,
  OPC_JALR = 0x67,
  OPC_SYSTEM = 0x73,
};

enum { F3_ADDI = 0, F3_LD = 3, F3_CSRRS = 2, F3_JALR = 0 };

/* An I-type instruction: imm[11:0] rs1 funct3 rd opcode. */
static uint32_t
rom_itype (unsigned opcode, unsigned funct3, unsigned rd, unsigned rs1, uint32_t imm12)
{
  return (imm12 & 0xfff) << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode;
}

void
pvm_reset_rom_build (uint8_t rom[PVM_RESET_ROM_SIZE], uint64_t entry, uint64_t fdt_addr,
                     const PvmFwDynamicInfo *info)
{
  const uint32_t code[] = {
    REG_T0 << 7 | OPC_AUIPC,
    rom_itype (OPC_SYSTEM, F3_CSRRS, REG_A0, REG_ZERO, PVM_CSR_MHARTID),
    rom_itype (OPC_LOAD, F3_LD, REG_A1, REG_T0, PVM_RESET_ROM_FDT_OFFSET),
    rom_itype (OPC_OP_IMM, F3_ADDI, REG_A2, REG_T0, PVM_RESET_ROM_INFO_OFFSET),
    rom_itype (OPC_LOAD, F3_LD, REG_T0, REG_T0, PVM_RESET_ROM_ENTRY_OFFSET),
    rom_itype (OPC_JALR, F3_JALR, REG_ZERO, REG_T0, 0),
  };
  const uint64_t words[] = {
    info->magic, info->version, info->next_addr, info->next_mode, info->options, info->boot_hart,
  };

  G_STATIC_ASSERT (sizeof code == PVM_RESET_ROM_ENTRY_OFFSET);
  G_STATIC_ASSERT (PVM_RESET_ROM_INFO_OFFSET + sizeof words == PVM_RESET_ROM_SIZE);

  memset (rom, 0, PVM_RESET_ROM_SIZE);
  for (unsigned i = 0; i < G_N_ELEMENTS (code); i++)
    pvm_le_put (rom + 4 * i, code[i], 4);
  pvm_le_put (rom + PVM_RESET_ROM_ENTRY_OFFSET, entry, 8);
  pvm_le_put (rom + PVM_RESET_ROM_FDT_OFFSET, fdt_addr, 8);
  for (unsigned i = 0; i < G_N_ELEMENTS (words); i++)
    pvm_le_put (rom + PVM_RESET_ROM_INFO_OFFSET + 8 * i, words[i], 8);
}
