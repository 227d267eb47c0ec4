#ifndef QUBE_CARGON2_SHIM_H
#define QUBE_CARGON2_SHIM_H
#include <argon2.h>
#endif
