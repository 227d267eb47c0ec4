import CLua
import CLuaRuntime

/// Host objects as userdata: one metatable per Swift type, one userdata per object.
extension LuaVM {
    /// The weak-valued table from object address to userdata.
    func makeObjectCache() -> Int32 {
        lua_createtable(state, 0, 0)
        lua_createtable(state, 0, 1)
        pushText("v")
        lua_setfield(state, -2, "__mode")
        lua_setmetatable(state, -2)
        return luaL_ref(state, qube_LUA_REGISTRYINDEX)
    }

    /// The host object in the userdata at `index`, if it is one.
    func hostObject(at index: Int32) -> (any LuaHostObject)? {
        guard let pointer = qube_lua_tohostobject(state, index) else { return nil }
        return Unmanaged<AnyObject>.fromOpaque(pointer).takeUnretainedValue() as? any LuaHostObject
    }

    /// Pushes the userdata of `object`, creating it (and its type's metatable) on first use.
    func pushObject<Object: LuaHostObject>(_ object: Object) throws {
        try reserveStack(8)
        let address = Unmanaged.passUnretained(object).toOpaque()
        lua_rawgeti(state, qube_LUA_REGISTRYINDEX, lua_Integer(objectCache))
        lua_pushlightuserdata(state, address)
        if lua_rawget(state, -2) == LUA_TUSERDATA {
            qube_lua_remove(state, -2)
            return
        }
        qube_lua_pop(state, 1)
        pushMetatable(for: Object.self)
        qube_lua_pushbox(state, Unmanaged.passRetained(object).toOpaque())
        qube_lua_insert(state, -2)
        lua_setmetatable(state, -2)
        lua_pushlightuserdata(state, address)
        lua_pushvalue(state, -2)
        lua_rawset(state, -4)
        qube_lua_remove(state, -2)
    }

    /// Pushes the metatable of `Object`, building it on first use. Needs six free slots.
    private func pushMetatable<Object: LuaHostObject>(for type: Object.Type) {
        let key = ObjectIdentifier(type)
        if let reference = hostMetatables[key] {
            lua_rawgeti(state, qube_LUA_REGISTRYINDEX, lua_Integer(reference))
            return
        }
        let name = Object.luaTypeName
        let nameHint = options.nameHint
        let methods = Dictionary(
            uniqueKeysWithValues: Object.luaMethods.map { methodName, method in
                let function = makeFunction(named: methodName) { arguments in
                    try method(Self.receiver(Object.self, of: arguments), arguments.droppingFirst())
                }
                return (methodName, function)
            }
        )
        lua_createtable(state, 0, 8)
        setField("__name", text: name)
        setField("__metatable", text: name)
        lua_pushboolean(state, 1)
        lua_setfield(state, -2, QUBE_LUA_HOST_MARKER)
        qube_lua_pushreleaser(state)
        lua_setfield(state, -2, "__gc")
        setField("__index", HostFunction(name: "__index") { arguments in
            let object = try Self.receiver(Object.self, of: arguments)
            guard let field = try? arguments.string(at: 2) else {
                throw LuaHostError("fields of \(name) are named by strings, not by a \(arguments.typeName(at: 2))")
            }
            if let method = methods[field] { return [.function(method)] }
            if let value = try object.luaField(field) { return [value] }
            let candidates = Array(methods.keys) + object.luaFieldNames
            throw LuaHostError("no field '\(field)' on \(name)\(nameHint(field, candidates))")
        })
        setField("__newindex", HostFunction(name: "__newindex") { arguments in
            let field = (try? arguments.string(at: 2)) ?? arguments.typeName(at: 2)
            throw LuaHostError("cannot assign to field '\(field)' of \(name): its fields are read-only")
        })
        setField("__tostring", HostFunction(name: "__tostring") { arguments in
            [.string(try Self.receiver(Object.self, of: arguments).luaDescription)]
        })
        lua_pushvalue(state, -1)
        hostMetatables[key] = luaL_ref(state, qube_LUA_REGISTRYINDEX)
    }

    /// The object a method or metamethod was called on (argument 1).
    private static func receiver<Object: LuaHostObject>(_ type: Object.Type, of arguments: LuaArguments) throws -> Object {
        guard arguments.count >= 1, let object = arguments.vm.hostObject(at: arguments.stackIndex(1)) as? Object else {
            throw LuaHostError(
                "calling '\(arguments.functionName)' on bad self (\(Object.luaTypeName) expected, got \(arguments.typeName(at: 1)))"
            )
        }
        return object
    }

    /// Sets `table[name] = text` on the table on top of the stack.
    private func setField(_ name: String, text: String) {
        pushText(text)
        lua_setfield(state, -2, name)
    }

    /// Sets `table[name] = function` on the table on top of the stack.
    private func setField(_ name: String, _ function: HostFunction) {
        pushHostFunction(function)
        lua_setfield(state, -2, name)
    }
}
