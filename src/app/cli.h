#pragma once
// Command line: `deskd serve`, `deskd user add`, `deskd --help`.
namespace deskd::app {

int main(int argc, char** argv);

}  // namespace deskd::app
