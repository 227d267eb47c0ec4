#ifndef QUBE_CSODIUM_SHIM_H
#define QUBE_CSODIUM_SHIM_H
#include <sodium.h>
#endif
