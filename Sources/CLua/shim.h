#ifndef QUBE_CLUA_SHIM_H
#define QUBE_CLUA_SHIM_H

/* Lua 5.4 C API for Swift.

   Lua's function-like macros do not import into Swift, so each one the host
   uses is wrapped here as a static inline. The host's own C (allocator, hook,
   trampoline, protected call) is the CLuaRuntime target. */

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

static const int qube_LUA_REGISTRYINDEX = LUA_REGISTRYINDEX;
static const int qube_LUA_MULTRET = LUA_MULTRET;

/* A full garbage collection (lua_gc is variadic). */
static inline void qube_lua_collectgarbage(lua_State *L) { lua_gc(L, LUA_GCCOLLECT, 0); }

static inline void qube_lua_pop(lua_State *L, int n) { lua_pop(L, n); }
static inline void qube_lua_insert(lua_State *L, int idx) { lua_insert(L, idx); }
static inline void qube_lua_remove(lua_State *L, int idx) { lua_remove(L, idx); }

#endif
