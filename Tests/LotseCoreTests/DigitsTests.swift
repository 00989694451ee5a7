import Foundation
import Testing
@testable import LotseCore

/// `Digits` replaced `String(format:)` on hot paths; hashes already stored in the audit chain and the
/// session table must come out byte for byte as before.
@Suite struct DigitsTests {
    @Test func hexWritesEveryByteAsPrintfDid() {
        let bytes = (0...255).map(UInt8.init)
        #expect(Digits.hex(bytes) == bytes.map { String(format: "%02x", $0) }.joined())
        #expect(Digits.hex([UInt8]()) == "")
        #expect(sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func paddedNumbersAsPrintfWroteThem() {
        for value in [-42, -5, 0, 7, 12, 123, 2026, 12345] {
            #expect(Digits.padded(value, width: 2) == String(format: "%02d", value))
            #expect(Digits.padded(value, width: 4) == String(format: "%04d", value))
        }
    }

    @Test func daysKeepTheirGermanAndISOForm() {
        #expect(GermanFormat.germanDay("2024-03-05") == "05.03.2024")
        #expect(GermanFormat.germanDay("kein Tag") == "kein Tag")
        let instant = Date(timeIntervalSince1970: 1_709_650_800)  // 5 March 2024, 16:00 in Berlin
        #expect(GermanFormat.date(instant) == "05.03.2024")
        #expect(GermanFormat.isoDay(instant) == "2024-03-05")
        #expect(GermanFormat.dateTime(instant) == "05.03.2024, 16:00 Uhr")
    }
}
