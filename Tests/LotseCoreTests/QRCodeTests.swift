import Testing
@testable import LotseCore

@Suite struct QRCodeTests {
    func isFinder(_ code: QRCode, _ x0: Int, _ y0: Int) -> Bool {
        for dy in 0..<7 {
            for dx in 0..<7 {
                let ring = max(abs(dx - 3), abs(dy - 3))
                if code.modules[y0 + dy][x0 + dx] != (ring != 2) { return false }
            }
        }
        return true
    }

    @Test func smallTextFitsVersionOne() throws {
        let code = try QRCode(text: "Lotse")
        #expect(code.size == 21)
        #expect(isFinder(code, 0, 0) && isFinder(code, 14, 0) && isFinder(code, 0, 14))
        // Timing pattern alternates between the finders; the dark module sits beside the lower finder.
        #expect((8..<13).allSatisfy { code.modules[6][$0] == ($0 % 2 == 0) })
        #expect(code.modules[code.size - 8][8])
    }

    @Test func anEnrolmentAddressNeedsALargerVersion() throws {
        let uri = TOTP.provisioningURI(secret: TOTP.generateSecret(), account: "case.manager.altenbeken", issuer: "Lotse (Kreis Paderborn)")
        let code = try QRCode(text: uri)
        #expect(code.size >= 45 && code.size <= 57)
        #expect(isFinder(code, code.size - 7, 0))
    }

    @Test func capacitiesMatchTheStandard() {
        // ISO/IEC 18004 table 7, level M, byte mode.
        #expect(QRCode.byteCapacity(version: 1) == 14)
        #expect(QRCode.byteCapacity(version: 7) == 122)
        #expect(QRCode.byteCapacity(version: 10) == 213)
        #expect(QRCode.byteCapacity(version: 20) == 666)
        #expect(QRCode.dataCodewordCount(version: 5) == 86)
    }

    @Test func reedSolomonOfTheStandardsExample() {
        // ISO/IEC 18004 annex I: "01234567" at 1-M has these 10 error correction codewords.
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        let ecc = ReedSolomon.remainder(data, divisor: ReedSolomon.divisor(degree: 10))
        #expect(ecc == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    @Test func tooLongTextIsRefused() {
        #expect(throws: QRCode.EncodeError.tooLong) { try QRCode(text: String(repeating: "x", count: 700)) }
    }

    @Test func svgHasTheQuietZoneAndALabel() throws {
        let svg = try QRCode(text: "Lotse").svg(label: "QR-Code")
        #expect(svg.contains("viewBox=\"0 0 29 29\""))
        #expect(svg.contains("aria-label=\"QR-Code\""))
    }
}
