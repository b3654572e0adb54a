/* sv48.S: the paging tests of paging.h under Sv48, plus a 512 GiB page. */
#define SV48 1
#include "macros.h"
#include "paging.h"

  .option norvc

TEST_BEGIN
  PAGING_TESTS
  PAGING_UCODE
TEST_END
  PAGING_DATA
