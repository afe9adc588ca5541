#include "app/cli.h"

int main(int argc, char** argv) {
  return deskd::app::main(argc, argv);
}
