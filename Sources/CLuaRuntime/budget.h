#ifndef QUBE_CLUA_RUNTIME_BUDGET_H
#define QUBE_CLUA_RUNTIME_BUDGET_H

/* What CLuaRuntime.c and match.c share beyond the public header. */

#include "CLuaRuntime.h"
#include <lauxlib.h>

/* Raises "instruction budget exhausted", located at the Lua function `level` frames
   up (0 in the hook, 1 in a C function), and makes the hook fire at every
   instruction from then on, so a script cannot outrun it by catching the error. */
void qube_lua_budgetexhausted(lua_State *L, int level);

/* Replaces the pattern functions of the string library table on top of the stack. */
void qube_match_install(lua_State *L);

#endif
