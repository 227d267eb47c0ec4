import Testing
@testable import QubeLua

@Test func stateOpensAndCloses() { _ = LuaState() }
