import Foundation
import Testing
@testable import LotseCore

@Suite struct PasswordRulesTests {
    @Test func lengthAndCommonness() {
        #expect(PasswordRules.problem(with: "kurz", username: "x") == .tooShort)
        #expect(PasswordRules.problem(with: "elf-Zeichen", username: "x") == .tooShort)
        #expect(PasswordRules.problem(with: "Passwort1234", username: "x") == .common)
        #expect(PasswordRules.problem(with: "aaaaaaaaaaaaaaaa", username: "x") == .common)
        #expect(PasswordRules.problem(with: "abababababab", username: "x") == .common)
        #expect(PasswordRules.problem(with: "345678901234", username: "x") == .common)
        #expect(PasswordRules.problem(with: "xyzxyzxyzxyz", username: "x") == .common)
        #expect(PasswordRules.problem(with: "mmueller-Frühling-27", username: "mmueller") == .containsUsername)
        #expect(PasswordRules.problem(with: "Ampel-Fahrrad-Tulpe-9", username: "mmueller") == nil)
        #expect(PasswordRules.problem(with: String(repeating: "ab1", count: 90), username: "x") == .tooLong)
    }

    @Test func everyProblemHasAGermanMessage() {
        for problem in [PasswordRules.Problem.tooShort, .common, .containsUsername, .tooLong] {
            #expect(!problem.message.isEmpty)
            #expect(problem.message.hasSuffix("."))
        }
    }

    @Test func prehashMakesBytesBeyond72Count() {
        let shared = String(repeating: "x", count: 72)
        let first = PasswordRules.prehash(shared + "A")
        let second = PasswordRules.prehash(shared + "B")
        #expect(first != second)
        #expect(first.utf8.count < 72)
        #expect(!first.contains("\0"))
    }
}

@Suite struct UsernameRulesTests {
    @Test func lowercaseLettersDigitsAndFewSigns() {
        for good in ["eva.schmidt", "cm-01", "a_b"] { #expect(UsernameRules.isValid(good)) }
        for bad in ["ab", "Eva", "eva schmidt", "jörg", "x@y", String(repeating: "a", count: 65)] { #expect(!UsernameRules.isValid(bad)) }
    }
}

@Suite struct SecretBoxTests {
    let master = MasterKey.generate().key

    @Test func roundTripAndContextBinding() throws {
        let box = SecretBox(masterKey: master, purpose: "totp")
        let sealed = try box.seal([1, 2, 3], context: "user-1")
        #expect(try box.open(sealed, context: "user-1") == [1, 2, 3])
        #expect(throws: (any Error).self) { try box.open(sealed, context: "user-2") }
        let otherPurpose = SecretBox(masterKey: master, purpose: "other")
        #expect(throws: (any Error).self) { try otherPurpose.open(sealed, context: "user-1") }
        let otherKey = SecretBox(masterKey: MasterKey.generate().key, purpose: "totp")
        #expect(throws: (any Error).self) { try otherKey.open(sealed, context: "user-1") }
    }

    @Test func masterKeyMustBe32Bytes() {
        #expect(MasterKey(base64: Data(repeating: 1, count: 16).base64EncodedString()) == nil)
        #expect(MasterKey(base64: "kein base64") == nil)
        #expect(MasterKey(base64: Data(repeating: 1, count: 32).base64EncodedString() + "\n") != nil)
    }
}

@Suite struct SessionAndThrottleTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func idleAndAbsoluteLimits() {
        let life = SessionLifetime.standard
        #expect(!life.isExpired(createdAt: start, lastSeenAt: start, now: start.addingTimeInterval(29 * 60)))
        #expect(life.isExpired(createdAt: start, lastSeenAt: start, now: start.addingTimeInterval(31 * 60)))
        let late = start.addingTimeInterval(12 * 3600 + 1)
        #expect(life.isExpired(createdAt: start, lastSeenAt: late.addingTimeInterval(-60), now: late))
    }

    @Test func throttleCountsAccountAndAddressSeparately() {
        let throttle = SignInThrottle.standard
        #expect(!throttle.isLocked(accountFailures: 4, addressFailures: 19))
        #expect(throttle.isLocked(accountFailures: 5, addressFailures: 0))
        #expect(throttle.isLocked(accountFailures: 0, addressFailures: 20))
        #expect(SignInThrottle.accountKey(" Anna.M ") == SignInThrottle.accountKey("anna.m"))
        #expect(SignInThrottle.accountKey("anna") != SignInThrottle.addressKey("anna"))
    }

    @Test func forwardedForIsBelievedOnlyFromTrustedProxies() {
        #expect(ClientAddress.resolve(peer: "203.0.113.9", forwardedFor: "10.0.0.1", trustedProxies: []) == "203.0.113.9")
        #expect(ClientAddress.resolve(peer: "127.0.0.1", forwardedFor: "1.2.3.4, 198.51.100.7", trustedProxies: ["127.0.0.1"]) == "198.51.100.7")
        #expect(ClientAddress.resolve(peer: "127.0.0.1", forwardedFor: nil, trustedProxies: ["127.0.0.1"]) == "127.0.0.1")
    }

    @Test func tokensAndOneTimePasswords() {
        let token = SecureRandom.token()
        #expect(token.count == 43)
        #expect(!token.contains("+") && !token.contains("/") && !token.contains("="))
        #expect(SecureRandom.token() != token)
        let otp = SecureRandom.oneTimePassword()
        #expect(otp.count == 19)
        #expect(otp.split(separator: "-").count == 4)
        #expect(PasswordRules.problem(with: otp, username: "anna") == nil)
        #expect(sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

@Suite struct AccessPolicyTests {
    let district = UUID()

    func actor(_ roles: Role...) -> Actor {
        Actor(userID: UUID(), districtID: district, grants: roles.map { RoleGrant(role: $0, scope: .district) })
    }

    @Test func onlyAdministratorsAdminister() {
        for role in Role.allCases {
            let someone = actor(role)
            #expect(AccessPolicy.permits(someone, .administerUsers, inDistrict: district) == (role == .admin))
            #expect(AccessPolicy.permits(someone, .administerOrganisation, inDistrict: district) == (role == .admin))
            #expect(AccessPolicy.permits(someone, .useOwnAccount, inDistrict: district))
        }
    }

    @Test func noActionCrossesADistrict() {
        let admin = actor(.admin, .coordinator)
        for action in Action.allCases {
            #expect(!AccessPolicy.permits(admin, action, inDistrict: UUID()))
        }
    }

    @Test func noRolesMeansNothing() {
        let nobody = Actor(userID: UUID(), districtID: district, grants: [])
        for action in Action.allCases { #expect(!AccessPolicy.permits(nobody, action, inDistrict: district)) }
    }
}

@Suite struct GermanFormatTests {
    @Test func numbers() {
        #expect(GermanFormat.number(1234.5, fractionDigits: 1) == "1.234,5")
        #expect(GermanFormat.number(1_234_567) == "1.234.567")
        #expect(GermanFormat.number(-0.5, fractionDigits: 2) == "-0,50")
        #expect(GermanFormat.number(999) == "999")
    }

    @Test func datesInBerlinTime() {
        // 23.11.2026 23:30 UTC is already the 24th in Berlin (UTC+1).
        let date = Date(timeIntervalSince1970: 1_795_476_600)
        #expect(GermanFormat.date(date) == "24.11.2026")
        #expect(GermanFormat.dateTime(date) == "24.11.2026, 00:30 Uhr")
    }
}
