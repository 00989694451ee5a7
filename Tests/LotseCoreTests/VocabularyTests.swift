import Foundation
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

@Suite struct PlaceSlugTests {
    @Test func namesBecomeAddressesAFlyerCanPrint() {
        #expect(PlaceSlug.make("Bad Lippspringe") == "bad-lippspringe")
        #expect(PlaceSlug.make("Büren") == "bueren" && PlaceSlug.make("Schloß Holte-Stukenbrock") == "schloss-holte-stukenbrock")
        #expect(PlaceSlug.make("Hövelhof (Senne)") == "hoevelhof-senne")
        let (a, b, c) = (UUID(), UUID(), UUID())
        let slugs = PlaceSlug.unique([(a, "Neustadt", "Kreis A"), (b, "Neustadt", "Kreis B"), (c, "Altenbeken", "Kreis A")])
        #expect(slugs[a] == "neustadt-kreis-a" && slugs[b] == "neustadt-kreis-b" && slugs[c] == "altenbeken")
    }
}
