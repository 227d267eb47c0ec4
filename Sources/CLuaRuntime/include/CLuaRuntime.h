#ifndef QUBE_CLUA_RUNTIME_H
#define QUBE_CLUA_RUNTIME_H

/* The pieces of a Lua host that must be C because Lua may longjmp out of them: the
   allocator with its memory ceiling, the instruction-count hook, the message handler, the
   protected call and the trampoline through which Lua calls Swift. Swift never calls
   lua_error: a host function reports failure by returning a negative count after pushing
   the message, and the trampoline raises the error from C. The bodies are in
   CLuaRuntime.c; the pattern functions under the budget in match.c. */

#include <lua.h>
#include <stddef.h>

/* Swift's side of a host call: reads the arguments from L's stack, pushes its
   results and returns their count, or pushes an error message and returns -1. */
typedef int (*qube_lua_Dispatch)(lua_State *L, void *function);

/* Releases a Swift object retained by a userdata box (its __gc). */
typedef void (*qube_lua_Release)(void *object);

/* The host's per-state bookkeeping, reachable from any thread of the state
   through lua_getallocf. Owned by Swift; must outlive lua_close. */
typedef struct qube_lua_Control {
    size_t memoryUsed;
    /* 0 means no ceiling. */
    size_t memoryLimit;
    /* The ceiling applies only while Lua code runs under qube_lua_pcall, never
       while Swift pushes values (an allocation failure there would longjmp
       through Swift frames). */
    int enforcing;
    /* Set when the allocator refused a request; memoryWhere then holds the
       "chunk:line: " of the Lua line that asked, or "". */
    int memoryRefused;
    char memoryWhere[LUA_IDSIZE + 32];
    /* 0 means no budget. */
    lua_Integer instructionLimit;
    lua_Integer instructionsUsed;
    int hookInterval;
    lua_State *main;
    qube_lua_Dispatch dispatch;
    qube_lua_Release release;
    /* The Swift owner of the state (an unretained pointer). */
    void *host;
    /* Whether the last warning piece asked to be continued. */
    int warningContinues;
    /* How to raise the budget, in the host's words ("raise with --max-instructions"), or "". */
    char instructionAdvice[96];
} qube_lua_Control;

/* Registry keys used by the host. */
#define QUBE_LUA_TRACEBACK_KEY "qube.traceback"
#define QUBE_LUA_HOST_MARKER "__qube_host"

/* The control block of L's state. */
qube_lua_Control *qube_lua_control(lua_State *L);

/* A new state whose allocations are accounted in `control`. */
lua_State *qube_lua_newstate(qube_lua_Control *control);

/* Closes L with the memory ceiling enforced: the finalizers lua_close runs are Lua code
   like any other (an allocation it refuses fails that finalizer, which Lua reports as a
   warning). */
void qube_lua_close(lua_State *L);

/* Replaces the global setmetatable with one that refuses a metatable with a __gc field,
   and installs the warning function, whose state lives in the control block. */
void qube_lua_guardfinalizers(lua_State *L);

/* Installs the count hook on L; threads created later inherit it. */
void qube_lua_sethook(lua_State *L);

/* Puts the string library's pattern functions under the instruction budget (match.c). */
void qube_lua_boundpatterns(lua_State *L);

/* lua_pcall with the host's message handler, the memory ceiling enforced.
   The caller must have room for one more stack slot. */
int qube_lua_pcall(lua_State *L, int nargs, int nresults);

/* Pushes a userdata holding `object` (already retained for Lua), with no
   metatable. */
void qube_lua_pushbox(lua_State *L, void *object);

/* Pushes a host function: a C closure over a box holding the Swift function
   object (retained for Lua), released when Lua collects the closure. */
void qube_lua_pushhostfunction(lua_State *L, void *function);

/* Pushes the __gc function of host object metatables. */
void qube_lua_pushreleaser(lua_State *L);

/* The Swift object in the host-object userdata at idx, or NULL when the value
   is not a host object (or was already released). Raw accesses only. */
void *qube_lua_tohostobject(lua_State *L, int idx);

/* The type name a user should read: the metatable's __name if it has one. */
const char *qube_lua_typename(lua_State *L, int idx);

/* Whether the function `level` frames up the stack is a main chunk. */
int qube_lua_ismainchunk(lua_State *L, int level);

/* Where the allocator last refused memory: "chunk:line: " or "". */
const char *qube_lua_memorywhere(const qube_lua_Control *c);

#endif
