import Testing
@testable import LotseCore

@Suite struct VocabularyTests {
    @Test func aStoredCodeIsReadBackOrFailsLoudly() throws {
        #expect(try Phase.stored("monitoring") == .monitoring)
        #expect(try LifeDomain.stored("housing") == .housing)
        #expect(throws: UnknownStoredCode.self) { try Phase.stored("zauberei") }
        #expect(throws: UnknownStoredCode.self) { try LifeDomain.stored("") }
    }
}
