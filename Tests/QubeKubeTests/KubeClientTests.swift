import Testing
@testable import QubeKube

@Test func moduleLoads() {}
