/* sv39.S: Sv39 paging: 4 KiB, 2 MiB and 1 GiB pages, page faults, U/SUM/MXR, A/D, sfence.vma,
 * MPRV. The tests are in paging.h. */
#include "macros.h"
#include "paging.h"

  .option norvc

TEST_BEGIN
  PAGING_TESTS
  PAGING_UCODE
TEST_END
  PAGING_DATA
