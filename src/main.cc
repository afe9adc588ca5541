#include "app/allocator.h"
#include "app/cli.h"

int main(int argc, char** argv) {
  deskd::app::tune_allocator(argv);
  return deskd::app::main(argc, argv);
}
