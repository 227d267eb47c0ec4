import Testing
import QubeCore

@Test func versionIsSemantic() {
    #expect(QubeInfo.version.split(separator: ".").count == 3)
}
