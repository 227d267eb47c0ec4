/* The C half of the Lua host (declared in CLuaRuntime.h): code Lua may longjmp out of. */

#include "budget.h"
#include <stdio.h>
#include <stdlib.h>

#define QUBE_LUA_BOX_METATABLE_KEY "qube.box"

static void qube_lua_counthook(lua_State *L, lua_Debug *ar);

qube_lua_Control *qube_lua_control(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return (qube_lua_Control *)ud;
}

/* Records where the running script was when the allocator refused memory:
   the innermost Lua line of the main thread (a C function such as string.rep
   has no line, so its Lua caller is named). Reads only; never allocates. */
static void qube_lua_notememoryrefusal(qube_lua_Control *c) {
    lua_Debug ar;
    int level;
    c->memoryRefused = 1;
    c->memoryWhere[0] = '\0';
    if (c->main == NULL) return;
    for (level = 0; lua_getstack(c->main, level, &ar); level++) {
        if (lua_getinfo(c->main, "Sl", &ar) && ar.currentline > 0) {
            snprintf(c->memoryWhere, sizeof c->memoryWhere, "%s:%d: ", ar.short_src, ar.currentline);
            return;
        }
    }
}

static void *qube_lua_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    qube_lua_Control *c = (qube_lua_Control *)ud;
    size_t old = ptr ? osize : 0;
    void *block;
    if (nsize == 0) {
        free(ptr);
        c->memoryUsed -= old;
        return NULL;
    }
    if (nsize > old && c->enforcing && c->memoryLimit != 0
        && c->memoryUsed - old + nsize > c->memoryLimit) {
        qube_lua_notememoryrefusal(c);
        return NULL;
    }
    block = realloc(ptr, nsize);
    if (block == NULL) return NULL;
    c->memoryUsed = c->memoryUsed - old + nsize;
    return block;
}

static int qube_lua_panic(lua_State *L) {
    const char *message = lua_tostring(L, -1);
    fprintf(stderr, "qube: unprotected Lua error: %s\n", message ? message : "(no message)");
    abort();
    return 0;
}

lua_State *qube_lua_newstate(qube_lua_Control *control) {
    lua_State *L = lua_newstate(qube_lua_alloc, control);
    if (L != NULL) {
        control->main = L;
        lua_atpanic(L, qube_lua_panic);
    }
    return L;
}

void qube_lua_close(lua_State *L) {
    qube_lua_Control *c = qube_lua_control(L);
    c->main = NULL;
    c->host = NULL;
    c->enforcing = 1;
    lua_close(L);
}

/* The warning function: prints each complete warning to stderr as "warning: ...", among
   them the errors Lua catches in finalizers ("error in __gc (...)"), which would otherwise
   be lost. Control messages ("@on", "@off") are ignored: warnings are always on. */
static void qube_lua_warn(void *ud, const char *message, int tocont) {
    int *continuing = (int *)ud;
    if (!*continuing && !tocont && message[0] == '@') return;
    fprintf(stderr, "%s%s", *continuing ? "" : "warning: ", message);
    if (!tocont) fputc('\n', stderr);
    *continuing = tocont;
}

/* setmetatable as scripts see it: the standard one (Lua 5.4 manual, section 6.1), refusing
   a metatable with a __gc field. Lua runs finalizers with hooks off, so no instruction budget
   could stop one that loops; and a table is marked for finalization only when setmetatable
   finds __gc, so refusing it here leaves scripts no way to make a finalizer (the sandbox
   withholds debug.setmetatable). Written whole rather than wrapping the standard function,
   so its argument errors name 'setmetatable' and the caller's line. */
static int qube_lua_setmetatable(lua_State *L) {
    int type = lua_type(L, 2);
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_argexpected(L, type == LUA_TNIL || type == LUA_TTABLE, 2, "nil or table");
    if (type == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "__gc metamethods are not allowed: Lua runs finalizers outside the instruction budget");
        lua_pop(L, 1);
    }
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL) return luaL_error(L, "cannot change a protected metatable");
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

/* Replaces the global setmetatable with qube_lua_setmetatable and installs the warning
   function, whose state lives in the control block. */
void qube_lua_guardfinalizers(lua_State *L) {
    lua_pushcfunction(L, qube_lua_setmetatable);
    lua_setglobal(L, "setmetatable");
    lua_setwarnf(L, qube_lua_warn, &qube_lua_control(L)->warningContinues);
}

void qube_lua_budgetexhausted(lua_State *L, int level) {
    qube_lua_Control *c = qube_lua_control(L);
    c->hookInterval = 1;
    lua_sethook(L, qube_lua_counthook, LUA_MASKCOUNT, 1);
    luaL_where(L, level);
    lua_pushfstring(L, "instruction budget exhausted (%I instructions%s%s)", c->instructionLimit,
                    c->instructionAdvice[0] ? "; " : "", c->instructionAdvice);
    lua_concat(L, 2);
    lua_error(L);
}

/* The count hook: charges the interval to the budget and raises, located at
   the running line, once the budget is spent. */
static void qube_lua_counthook(lua_State *L, lua_Debug *ar) {
    qube_lua_Control *c = qube_lua_control(L);
    (void)ar;
    c->instructionsUsed += c->hookInterval;
    if (c->instructionsUsed < c->instructionLimit) return;
    qube_lua_budgetexhausted(L, 0);
}

void qube_lua_sethook(lua_State *L) {
    qube_lua_Control *c = qube_lua_control(L);
    if (c->instructionLimit <= 0) return;
    c->hookInterval = c->instructionLimit < 1000 ? (int)c->instructionLimit : 1000;
    lua_sethook(L, qube_lua_counthook, LUA_MASKCOUNT, c->hookInterval);
}

/* The message handler of every host pcall: turns the error object into a
   string (honouring __tostring) and stores a traceback in the registry. */
static int qube_lua_messagehandler(lua_State *L) {
    qube_lua_Control *c;
    int saved;
    if (lua_type(L, 1) != LUA_TSTRING) {
        if (!(luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING))
            lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
        lua_replace(L, 1);
    }
    /* The traceback may not fail for want of memory: the error it explains may be
       that the script used it all. */
    c = qube_lua_control(L);
    saved = c->enforcing;
    c->enforcing = 0;
    luaL_traceback(L, L, NULL, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, QUBE_LUA_TRACEBACK_KEY);
    c->enforcing = saved;
    lua_settop(L, 1);
    return 1;
}

int qube_lua_pcall(lua_State *L, int nargs, int nresults) {
    qube_lua_Control *c = qube_lua_control(L);
    int handler = lua_gettop(L) - nargs;
    int saved = c->enforcing;
    int status;
    lua_pushnil(L);
    lua_setfield(L, LUA_REGISTRYINDEX, QUBE_LUA_TRACEBACK_KEY);
    lua_pushcfunction(L, qube_lua_messagehandler);
    lua_insert(L, handler);
    c->memoryRefused = 0;
    c->enforcing = 1;
    status = lua_pcall(L, nargs, nresults, handler);
    c->enforcing = saved;
    lua_remove(L, handler);
    return status;
}

/* Calls Swift for a host function; raises the error Swift reports. */
static int qube_lua_trampoline(lua_State *L) {
    qube_lua_Control *c = qube_lua_control(L);
    void **box = (void **)lua_touserdata(L, lua_upvalueindex(1));
    int saved = c->enforcing;
    int count;
    if (*box == NULL || c->host == NULL) return luaL_error(L, "host function called after its host was closed");
    c->enforcing = 0;
    count = c->dispatch(L, *box);
    c->enforcing = saved;
    if (count < 0) return lua_error(L);
    return count;
}

/* __gc of a box: releases the Swift object once. */
static int qube_lua_releasebox(lua_State *L) {
    void **box = (void **)lua_touserdata(L, 1);
    if (box != NULL && *box != NULL) {
        void *object = *box;
        *box = NULL;
        qube_lua_control(L)->release(object);
    }
    return 0;
}

void qube_lua_pushbox(lua_State *L, void *object) {
    void **box = (void **)lua_newuserdatauv(L, sizeof(void *), 0);
    *box = object;
}

void qube_lua_pushhostfunction(lua_State *L, void *function) {
    qube_lua_pushbox(L, function);
    if (luaL_newmetatable(L, QUBE_LUA_BOX_METATABLE_KEY)) {
        lua_pushcfunction(L, qube_lua_releasebox);
        lua_setfield(L, -2, "__gc");
        lua_pushliteral(L, "host function");
        lua_setfield(L, -2, "__metatable");
    }
    lua_setmetatable(L, -2);
    lua_pushcclosure(L, qube_lua_trampoline, 1);
}

void qube_lua_pushreleaser(lua_State *L) { lua_pushcfunction(L, qube_lua_releasebox); }

void *qube_lua_tohostobject(lua_State *L, int idx) {
    void **box = (void **)lua_touserdata(L, idx);
    int marked;
    if (box == NULL || lua_type(L, idx) != LUA_TUSERDATA || !lua_getmetatable(L, idx)) return NULL;
    lua_pushliteral(L, QUBE_LUA_HOST_MARKER);
    marked = lua_rawget(L, -2) != LUA_TNIL;
    lua_pop(L, 2);
    return marked ? *box : NULL;
}

const char *qube_lua_typename(lua_State *L, int idx) {
    const char *name;
    int type = luaL_getmetafield(L, idx, "__name");
    if (type == LUA_TSTRING) {
        name = lua_tostring(L, -1);
        lua_pop(L, 1);
        return name; /* kept alive by the metatable */
    }
    if (type != LUA_TNIL) lua_pop(L, 1);
    return luaL_typename(L, idx);
}

int qube_lua_ismainchunk(lua_State *L, int level) {
    lua_Debug ar;
    if (!lua_getstack(L, level, &ar) || !lua_getinfo(L, "S", &ar)) return 0;
    return ar.what[0] == 'm';
}

const char *qube_lua_memorywhere(const qube_lua_Control *c) { return c->memoryWhere; }

void qube_lua_boundpatterns(lua_State *L) {
    lua_getglobal(L, "string");
    qube_match_install(L);
    lua_pop(L, 1);
}
