#ifndef QUBE_CLUA_SHIM_H
#define QUBE_CLUA_SHIM_H

/* Lua 5.4 C API for Swift. Lua's function-like macros do not import into
   Swift, so each one the host uses is wrapped here as a static inline. */

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

static const int qube_LUA_REGISTRYINDEX = LUA_REGISTRYINDEX;
static const int qube_LUA_MULTRET = LUA_MULTRET;

static inline void qube_lua_pop(lua_State *L, int n) { lua_pop(L, n); }
static inline void qube_lua_newtable(lua_State *L) { lua_newtable(L); }
static inline int qube_lua_pcall(lua_State *L, int nargs, int nresults, int msgh) {
    return lua_pcall(L, nargs, nresults, msgh);
}
static inline const char *qube_lua_tostring(lua_State *L, int idx) { return lua_tostring(L, idx); }
static inline lua_Number qube_lua_tonumber(lua_State *L, int idx) { return lua_tonumber(L, idx); }
static inline lua_Integer qube_lua_tointeger(lua_State *L, int idx) { return lua_tointeger(L, idx); }
static inline int qube_lua_isnil(lua_State *L, int idx) { return lua_isnil(L, idx); }
static inline int qube_lua_istable(lua_State *L, int idx) { return lua_istable(L, idx); }
static inline int qube_lua_isfunction(lua_State *L, int idx) { return lua_isfunction(L, idx); }
static inline void qube_lua_pushcfunction(lua_State *L, lua_CFunction f) { lua_pushcfunction(L, f); }
static inline void qube_lua_register(lua_State *L, const char *name, lua_CFunction f) { lua_register(L, name, f); }
static inline void *qube_lua_newuserdata(lua_State *L, size_t size) { return lua_newuserdata(L, size); }
static inline int qube_lua_upvalueindex(int i) { return lua_upvalueindex(i); }
static inline void qube_lua_insert(lua_State *L, int idx) { lua_insert(L, idx); }
static inline void qube_lua_remove(lua_State *L, int idx) { lua_remove(L, idx); }
static inline void qube_lua_replace(lua_State *L, int idx) { lua_replace(L, idx); }
static inline int qube_luaL_dofile(lua_State *L, const char *fn) { return luaL_dofile(L, fn); }
static inline const char *qube_luaL_typename(lua_State *L, int idx) { return luaL_typename(L, idx); }
static inline int qube_luaL_getmetatable(lua_State *L, const char *name) { return luaL_getmetatable(L, name); }
static inline int qube_lua_getextraspace_size(void) { return LUA_EXTRASPACE; }
static inline void *qube_lua_getextraspace(lua_State *L) { return lua_getextraspace(L); }

#endif
