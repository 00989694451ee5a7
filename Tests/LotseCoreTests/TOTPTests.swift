import Foundation
import Testing
@testable import LotseCore

@Suite struct TOTPTests {
    // RFC 6238, appendix B (SHA-1 column), with the RFC's 20-byte ASCII secret and 8 digits.
    let rfc = TOTP(secret: Array("12345678901234567890".utf8), digits: 8)

    @Test(arguments: [
        (59.0, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"), (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
    ])
    func rfcVectors(seconds: Double, expected: String) {
        #expect(rfc.code(at: Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test func acceptsOneStepEitherSideButNotTwo() {
        let totp = TOTP(secret: TOTP.generateSecret())
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let step = TOTP.step(at: now)
        #expect(totp.acceptedStep(for: totp.code(forStep: step - 1), at: now, lastUsedStep: nil) == step - 1)
        #expect(totp.acceptedStep(for: totp.code(forStep: step + 1), at: now, lastUsedStep: nil) == step + 1)
        #expect(totp.acceptedStep(for: totp.code(forStep: step - 2), at: now, lastUsedStep: nil) == nil)
        #expect(totp.acceptedStep(for: totp.code(forStep: step + 2), at: now, lastUsedStep: nil) == nil)
    }

    @Test func aCodeIsAcceptedOnceOnly() {
        let totp = TOTP(secret: TOTP.generateSecret())
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let code = totp.code(at: now)
        let used = totp.acceptedStep(for: code, at: now, lastUsedStep: nil)
        #expect(used != nil)
        #expect(totp.acceptedStep(for: code, at: now, lastUsedStep: used) == nil)
        // Nor may an older code from the window be used after a newer one.
        let older = totp.code(forStep: TOTP.step(at: now) - 1)
        #expect(totp.acceptedStep(for: older, at: now, lastUsedStep: used) == nil)
    }

    @Test func rejectsMalformedCodes() {
        let totp = TOTP(secret: TOTP.generateSecret())
        let now = Date()
        for bad in ["", "12345", "1234567", "abcdef", "١٢٣٤٥٦"] {
            #expect(totp.acceptedStep(for: bad, at: now, lastUsedStep: nil) == nil)
        }
        #expect(totp.acceptedStep(for: " " + totp.code(at: now) + " ", at: now, lastUsedStep: nil) != nil)
    }

    @Test func provisioningURIEscapesAndCarriesTheSecret() {
        let secret: [UInt8] = Array("Hello!".utf8) + [0xDE, 0xAD, 0xBE, 0xEF]
        let uri = TOTP.provisioningURI(secret: secret, account: "a.b c", issuer: "Lotse (Kreis Paderborn)")
        #expect(uri.hasPrefix("otpauth://totp/Lotse%20%28Kreis%20Paderborn%29:a.b%20c?secret=JBSWY3DPEHPK3PXP&"))
        #expect(uri.contains("&digits=6&period=30"))
    }
}

@Suite struct Base32Tests {
    @Test func knownValue() {
        let bytes: [UInt8] = Array("Hello!".utf8) + [0xDE, 0xAD, 0xBE, 0xEF]
        #expect(Base32.encode(bytes) == "JBSWY3DPEHPK3PXP")
        #expect(Base32.decode("jbsw y3dp ehpk 3pxp") == bytes)
    }

    @Test func roundTripsAnyLength() {
        for length in 0..<25 {
            let bytes = SecureRandom.bytes(length)
            #expect(Base32.decode(Base32.encode(bytes)) == bytes)
        }
    }

    @Test func refusesForeignCharacters() {
        #expect(Base32.decode("ABC1") == nil)
    }
}
