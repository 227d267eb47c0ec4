/* string.find, string.match, string.gmatch and string.gsub under the instruction budget.

   Lua patterns backtrack: ("a"):rep(40):match(("a?"):rep(40) .. ("a"):rep(40)) takes 2^40
   steps, all inside one C call, where the count hook never fires. These replacements match
   the same patterns with the same results (Lua 5.4 manual, section 6.4.1), written as an
   explicit backtracking matcher that charges every step to the state's instruction budget
   and raises, at the caller's line, once it is spent. Plain searches use memmem, which is
   linear. */

/* memmem is a GNU extension in glibc. */
#define _GNU_SOURCE

#include "budget.h"

#include <ctype.h>
#include <string.h>

#define QUBE_MATCH_MAXCAPTURES 32
#define QUBE_MATCH_MAXDEPTH 200
#define QUBE_MATCH_UNFINISHED (-1)
#define QUBE_MATCH_POSITION (-2)
#define QUBE_MATCH_SPECIALS "^$*+?.([%-"

typedef struct qube_match_State {
    const char *subject;
    const char *subjectEnd;
    const char *patternEnd;
    lua_State *L;
    qube_lua_Control *control;
    int depth;
    int level;
    struct {
        const char *start;
        ptrdiff_t length;
    } captures[QUBE_MATCH_MAXCAPTURES];
} qube_match_State;

/* Charges `steps` to the budget; raises at the caller's line once it is spent. */
static void qube_match_charge(qube_match_State *m, lua_Integer steps) {
    qube_lua_Control *c = m->control;
    if (c->instructionLimit <= 0) return;
    c->instructionsUsed += steps;
    if (c->instructionsUsed >= c->instructionLimit) qube_lua_budgetexhausted(m->L, 1);
}

/* Whether byte `c` is in class letter `class` (%a, %d, ... or, for any other character,
   that character itself). */
static int qube_match_class(int c, int class) {
    int in;
    switch (tolower(class)) {
    case 'a': in = isalpha(c); break;
    case 'c': in = iscntrl(c); break;
    case 'd': in = isdigit(c); break;
    case 'g': in = isgraph(c); break;
    case 'l': in = islower(c); break;
    case 'p': in = ispunct(c); break;
    case 's': in = isspace(c); break;
    case 'u': in = isupper(c); break;
    case 'w': in = isalnum(c); break;
    case 'x': in = isxdigit(c); break;
    /* %z, NUL: deprecated since Lua 5.2 but still matched by 5.4. */
    case 'z': in = c == 0; break;
    default: return class == c;
    }
    return isupper(class) ? !in : in != 0;
}

/* The end of the single-character class at p: after "%x", after "[...]", or after p. */
static const char *qube_match_classend(qube_match_State *m, const char *p) {
    switch (*p++) {
    case '%':
        if (p == m->patternEnd) luaL_error(m->L, "malformed pattern (ends with '%%')");
        return p + 1;
    case '[':
        if (p < m->patternEnd && *p == '^') p++;
        /* The first member is taken as is, so "[]]" holds ']'. */
        do {
            if (p >= m->patternEnd) luaL_error(m->L, "malformed pattern (missing ']')");
            if (*p++ == '%' && p < m->patternEnd) p++;
        } while (p >= m->patternEnd || *p != ']');
        return p + 1;
    default:
        return p;
    }
}

/* Whether c is in the set that opens at p ('[') and closes at last (']'). */
static int qube_match_set(int c, const char *p, const char *last) {
    int wanted = 1;
    p++;
    if (*p == '^') {
        wanted = 0;
        p++;
    }
    while (p < last) {
        if (*p == '%') {
            p++;
            if (qube_match_class(c, (unsigned char)*p)) return wanted;
            p++;
        } else if (p[1] == '-' && p + 2 < last) {
            if ((unsigned char)p[0] <= c && c <= (unsigned char)p[2]) return wanted;
            p += 3;
        } else {
            if ((unsigned char)*p == c) return wanted;
            p++;
        }
    }
    return !wanted;
}

/* Whether the byte at s matches the single-character class p..ep. */
static int qube_match_single(qube_match_State *m, const char *s, const char *p, const char *ep) {
    int c;
    if (s >= m->subjectEnd) return 0;
    c = (unsigned char)*s;
    switch (*p) {
    case '.': return 1;
    case '%': return qube_match_class(c, (unsigned char)p[1]);
    case '[': return qube_match_set(c, p, ep - 1);
    default: return (unsigned char)*p == c;
    }
}

static const char *qube_match(qube_match_State *m, const char *s, const char *p);

/* The innermost capture still open. */
static int qube_match_opencapture(qube_match_State *m) {
    int level;
    for (level = m->level - 1; level >= 0; level--)
        if (m->captures[level].length == QUBE_MATCH_UNFINISHED) return level;
    return luaL_error(m->L, "invalid pattern capture");
}

/* The index of back-reference digit `digit`, which must name a closed capture. */
static int qube_match_backreference(qube_match_State *m, int digit) {
    int index = digit - '1';
    if (index < 0 || index >= m->level || m->captures[index].length == QUBE_MATCH_UNFINISHED)
        return luaL_error(m->L, "invalid capture index %%%d in pattern", index + 1);
    return index;
}

/* The greedy repetition of the class p..ep from s: the most bytes first, then fewer. */
static const char *qube_match_greedy(qube_match_State *m, const char *s, const char *p, const char *ep) {
    ptrdiff_t count = 0;
    while (qube_match_single(m, s + count, p, ep)) count++;
    qube_match_charge(m, count / 64);
    for (; count >= 0; count--) {
        const char *end = qube_match(m, s + count, ep + 1);
        if (end != NULL) return end;
    }
    return NULL;
}

/* The lazy repetition of the class p..ep from s: the fewest bytes first, then more. */
static const char *qube_match_lazy(qube_match_State *m, const char *s, const char *p, const char *ep) {
    for (;;) {
        const char *end = qube_match(m, s, ep + 1);
        if (end != NULL) return end;
        if (!qube_match_single(m, s, p, ep)) return NULL;
        s++;
    }
}

/* Where the pattern p matches the subject from s, or NULL. Every call is a step. */
static const char *qube_match(qube_match_State *m, const char *s, const char *p) {
    const char *result = NULL;
    if (m->depth-- == 0) luaL_error(m->L, "pattern too complex");
    for (;;) {
        const char *ep;
        qube_match_charge(m, 1);
        if (p == m->patternEnd) {
            result = s;
            break;
        }
        if (*p == '(') {
            int length = QUBE_MATCH_UNFINISHED;
            if (p + 1 < m->patternEnd && p[1] == ')') {
                length = QUBE_MATCH_POSITION;
                p++;
            }
            if (m->level >= QUBE_MATCH_MAXCAPTURES) luaL_error(m->L, "too many captures");
            m->captures[m->level].start = s;
            m->captures[m->level].length = length;
            m->level++;
            result = qube_match(m, s, p + 1);
            if (result == NULL) m->level--;
            break;
        }
        if (*p == ')') {
            int level = qube_match_opencapture(m);
            m->captures[level].length = s - m->captures[level].start;
            result = qube_match(m, s, p + 1);
            if (result == NULL) m->captures[level].length = QUBE_MATCH_UNFINISHED;
            break;
        }
        if (*p == '$' && p + 1 == m->patternEnd) {
            result = s == m->subjectEnd ? s : NULL;
            break;
        }
        if (*p == '%' && p + 1 < m->patternEnd && p[1] == 'b') {
            int open, close, depth = 1;
            if (p + 3 >= m->patternEnd) luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
            open = (unsigned char)p[2];
            close = (unsigned char)p[3];
            if (s >= m->subjectEnd || (unsigned char)*s != open) break;
            {
                const char *t = s;
                while (++t < m->subjectEnd) {
                    if ((unsigned char)*t == close) {
                        if (--depth == 0) break;
                    } else if ((unsigned char)*t == open) {
                        depth++;
                    }
                }
                qube_match_charge(m, (t - s) / 64);
                if (t >= m->subjectEnd) break;
                s = t + 1;
            }
            p += 4;
            continue;
        }
        if (*p == '%' && p + 1 < m->patternEnd && p[1] == 'f') {
            int before, here;
            p += 2;
            if (p >= m->patternEnd || *p != '[') luaL_error(m->L, "missing '[' after '%%f' in pattern");
            ep = qube_match_classend(m, p);
            before = s == m->subject ? '\0' : (unsigned char)s[-1];
            here = s < m->subjectEnd ? (unsigned char)*s : '\0';
            if (qube_match_set(before, p, ep - 1) || !qube_match_set(here, p, ep - 1)) break;
            p = ep;
            continue;
        }
        if (*p == '%' && p + 1 < m->patternEnd && isdigit((unsigned char)p[1])) {
            int index = qube_match_backreference(m, (unsigned char)p[1]);
            ptrdiff_t length = m->captures[index].length;
            if (length < 0 || m->subjectEnd - s < length || memcmp(m->captures[index].start, s, (size_t)length) != 0) break;
            qube_match_charge(m, length / 64);
            s += length;
            p += 2;
            continue;
        }
        ep = qube_match_classend(m, p);
        if (!qube_match_single(m, s, p, ep)) {
            if (ep < m->patternEnd && (*ep == '*' || *ep == '?' || *ep == '-')) {
                p = ep + 1;
                continue;
            }
            break;
        }
        if (ep < m->patternEnd && *ep == '?') {
            result = qube_match(m, s + 1, ep + 1);
            if (result != NULL) break;
            p = ep + 1;
            continue;
        }
        if (ep < m->patternEnd && *ep == '+') {
            result = qube_match_greedy(m, s + 1, p, ep);
            break;
        }
        if (ep < m->patternEnd && *ep == '*') {
            result = qube_match_greedy(m, s, p, ep);
            break;
        }
        if (ep < m->patternEnd && *ep == '-') {
            result = qube_match_lazy(m, s, p, ep);
            break;
        }
        s++;
        p = ep;
    }
    m->depth++;
    return result;
}

static void qube_match_prepare(qube_match_State *m, lua_State *L, const char *s, size_t ls, const char *p, size_t lp) {
    m->L = L;
    m->control = qube_lua_control(L);
    m->subject = s;
    m->subjectEnd = s + ls;
    m->patternEnd = p + lp;
}

static void qube_match_reset(qube_match_State *m) {
    m->level = 0;
    m->depth = QUBE_MATCH_MAXDEPTH;
}

/* Pushes capture i of the match s..e (the whole match for i == 0 when there are none). */
static void qube_match_pushcapture(qube_match_State *m, int i, const char *s, const char *e) {
    if (i >= m->level) {
        if (i != 0) luaL_error(m->L, "invalid capture index %%%d", i + 1);
        lua_pushlstring(m->L, s, (size_t)(e - s));
        return;
    }
    if (m->captures[i].length == QUBE_MATCH_UNFINISHED) luaL_error(m->L, "unfinished capture");
    if (m->captures[i].length == QUBE_MATCH_POSITION)
        lua_pushinteger(m->L, (lua_Integer)(m->captures[i].start - m->subject) + 1);
    else
        lua_pushlstring(m->L, m->captures[i].start, (size_t)m->captures[i].length);
}

/* Pushes every capture (or the whole match when there are none and s is not NULL). */
static int qube_match_pushcaptures(qube_match_State *m, const char *s, const char *e) {
    int count = (m->level == 0 && s != NULL) ? 1 : m->level;
    int i;
    luaL_checkstack(m->L, count, "too many captures");
    for (i = 0; i < count; i++) qube_match_pushcapture(m, i, s, e);
    return count;
}

/* A 1-based, possibly negative position as an offset into a string of `length` bytes. */
static size_t qube_match_start(lua_Integer position, size_t length) {
    if (position > 0) return (size_t)position - 1;
    if (position == 0 || position < -(lua_Integer)length) return 0;
    return length + (size_t)position;
}

static int qube_match_hasspecials(const char *p, size_t lp) {
    size_t i;
    for (i = 0; i < lp; i++)
        if (p[i] != '\0' && strchr(QUBE_MATCH_SPECIALS, p[i]) != NULL) return 1;
    return 0;
}

static int qube_match_findormatch(lua_State *L, int find) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t start = qube_match_start(luaL_optinteger(L, 3, 1), ls);
    qube_match_State m;
    const char *from;
    int anchored;
    if (start > ls) {
        luaL_pushfail(L);
        return 1;
    }
    if (find && (lua_toboolean(L, 4) || !qube_match_hasspecials(p, lp))) {
        const char *found = lp == 0 ? s + start : (const char *)memmem(s + start, ls - start, p, lp);
        if (found == NULL) {
            luaL_pushfail(L);
            return 1;
        }
        lua_pushinteger(L, (lua_Integer)(found - s) + 1);
        lua_pushinteger(L, (lua_Integer)(found - s) + (lua_Integer)lp);
        return 2;
    }
    anchored = lp > 0 && *p == '^';
    if (anchored) {
        p++;
        lp--;
    }
    qube_match_prepare(&m, L, s, ls, p, lp);
    from = s + start;
    do {
        const char *end;
        qube_match_reset(&m);
        end = qube_match(&m, from, p);
        if (end != NULL) {
            if (!find) return qube_match_pushcaptures(&m, from, end);
            lua_pushinteger(L, (lua_Integer)(from - s) + 1);
            lua_pushinteger(L, (lua_Integer)(end - s));
            return qube_match_pushcaptures(&m, NULL, NULL) + 2;
        }
    } while (from++ < m.subjectEnd && !anchored);
    luaL_pushfail(L);
    return 1;
}

static int qube_match_find(lua_State *L) { return qube_match_findormatch(L, 1); }
static int qube_match_match(lua_State *L) { return qube_match_findormatch(L, 0); }

/* The state of a gmatch iteration, in the iterator's third upvalue. */
typedef struct qube_match_Iteration {
    size_t next;
    /* The end of the last match, so an empty match right after it is skipped; -1 for none. */
    ptrdiff_t lastEnd;
} qube_match_Iteration;

static int qube_match_gmatchstep(lua_State *L) {
    size_t ls, lp;
    const char *s = lua_tolstring(L, lua_upvalueindex(1), &ls);
    const char *p = lua_tolstring(L, lua_upvalueindex(2), &lp);
    qube_match_Iteration *it = (qube_match_Iteration *)lua_touserdata(L, lua_upvalueindex(3));
    qube_match_State m;
    const char *from;
    qube_match_prepare(&m, L, s, ls, p, lp);
    for (from = s + it->next; from <= m.subjectEnd; from++) {
        const char *end;
        qube_match_reset(&m);
        end = qube_match(&m, from, p);
        if (end != NULL && end - s != it->lastEnd) {
            it->next = (size_t)(end - s);
            it->lastEnd = end - s;
            return qube_match_pushcaptures(&m, from, end);
        }
    }
    it->next = ls + 1;
    return 0;
}

static int qube_match_gmatch(lua_State *L) {
    size_t ls;
    size_t start;
    qube_match_Iteration *it;
    luaL_checklstring(L, 1, &ls);
    luaL_checkstring(L, 2);
    start = qube_match_start(luaL_optinteger(L, 3, 1), ls);
    it = (qube_match_Iteration *)lua_newuserdatauv(L, sizeof *it, 0);
    it->next = start > ls ? ls + 1 : start;
    it->lastEnd = -1;
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_rotate(L, -3, 2);
    lua_pushcclosure(L, qube_match_gmatchstep, 3);
    return 1;
}

/* Appends the replacement string at index 3 for the match s..e, expanding %0-%9 and %%. */
static void qube_match_addtemplate(qube_match_State *m, luaL_Buffer *b, const char *s, const char *e) {
    size_t length, i;
    const char *text = lua_tolstring(m->L, 3, &length);
    for (i = 0; i < length; i++) {
        if (text[i] != '%') {
            luaL_addchar(b, text[i]);
            continue;
        }
        i++;
        if (i < length && text[i] == '%') {
            luaL_addchar(b, '%');
        } else if (i < length && isdigit((unsigned char)text[i])) {
            if (text[i] == '0') {
                luaL_addlstring(b, s, (size_t)(e - s));
            } else {
                qube_match_pushcapture(m, text[i] - '1', s, e);
                luaL_tolstring(m->L, -1, NULL);
                lua_remove(m->L, -2);
                luaL_addvalue(b);
            }
        } else {
            luaL_error(m->L, "invalid use of '%%' in replacement string");
        }
    }
}

/* Appends the replacement for the match s..e: the template, or what the table or function
   gives (the match itself for false or nil). */
static void qube_match_addreplacement(qube_match_State *m, luaL_Buffer *b, const char *s, const char *e, int type) {
    lua_State *L = m->L;
    if (type == LUA_TSTRING || type == LUA_TNUMBER) {
        qube_match_addtemplate(m, b, s, e);
        return;
    }
    if (type == LUA_TFUNCTION) {
        int count;
        lua_pushvalue(L, 3);
        count = qube_match_pushcaptures(m, s, e);
        lua_call(L, count, 1);
    } else {
        qube_match_pushcapture(m, 0, s, e);
        lua_gettable(L, 3);
    }
    if (!lua_toboolean(L, -1)) {
        lua_pop(L, 1);
        luaL_addlstring(b, s, (size_t)(e - s));
    } else if (!lua_isstring(L, -1)) {
        luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    } else {
        luaL_addvalue(b);
    }
}

static int qube_match_gsub(lua_State *L) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    const char *from = s, *lastEnd = NULL;
    int type = lua_type(L, 3);
    lua_Integer limit = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
    lua_Integer count = 0;
    int anchored = lp > 0 && *p == '^';
    qube_match_State m;
    luaL_Buffer b;
    luaL_argexpected(L, type == LUA_TNUMBER || type == LUA_TSTRING || type == LUA_TFUNCTION || type == LUA_TTABLE, 3,
                     "string/function/table");
    if (anchored) {
        p++;
        lp--;
    }
    luaL_buffinit(L, &b);
    qube_match_prepare(&m, L, s, ls, p, lp);
    while (count < limit) {
        const char *end;
        qube_match_reset(&m);
        end = qube_match(&m, from, p);
        if (end != NULL && end != lastEnd) {
            count++;
            qube_match_addreplacement(&m, &b, from, end, type);
            from = lastEnd = end;
        } else if (from < m.subjectEnd) {
            luaL_addchar(&b, *from++);
        } else {
            break;
        }
        if (anchored) break;
    }
    if (count == 0) {
        lua_pushvalue(L, 1);
    } else {
        luaL_addlstring(&b, from, (size_t)(m.subjectEnd - from));
        luaL_pushresult(&b);
    }
    lua_pushinteger(L, count);
    return 2;
}

/* Replaces the pattern functions of the string library table on top of the stack. */
void qube_match_install(lua_State *L) {
    lua_pushcfunction(L, qube_match_find);
    lua_setfield(L, -2, "find");
    lua_pushcfunction(L, qube_match_match);
    lua_setfield(L, -2, "match");
    lua_pushcfunction(L, qube_match_gmatch);
    lua_setfield(L, -2, "gmatch");
    lua_pushcfunction(L, qube_match_gsub);
    lua_setfield(L, -2, "gsub");
}
